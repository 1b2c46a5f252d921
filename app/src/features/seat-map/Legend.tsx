import styles from './seat-map.module.css';

const ITEMS: Array<[state: string, icon: string, text: string]> = [
  ['free', '', 'Free'],
  ['mine', '✓', 'Yours'],
  ['held', '◷', 'Held by others'],
  ['sold', '✕', 'Sold'],
  ['unavailable', '–', 'Not for this journey'],
];

export function Legend() {
  return (
    <ul className={styles.legend} aria-label="Seat legend">
      {ITEMS.map(([state, icon, text]) => (
        <li key={state}>
          <span className={`${styles.legendSwatch} ${styles[state] ?? ''}`} aria-hidden="true">
            {icon}
          </span>
          {text}
        </li>
      ))}
    </ul>
  );
}
