'use client';

import { useTranslations } from 'next-intl';
import styles from './seat-map.module.css';

const ITEMS: Array<[state: string, icon: string, key: string]> = [
  ['free', '', 'legendFree'],
  ['mine', '✓', 'legendMine'],
  ['held', '◷', 'legendHeld'],
  ['sold', '✕', 'legendSold'],
  ['unavailable', '–', 'legendUnavailable'],
];

const ACCESS: Array<[icon: string, key: string]> = [
  ['♿', 'legendWheelchair'],
  ['P', 'legendPriority'],
  ['C', 'legendCompanion'],
];

export function Legend() {
  const t = useTranslations('trip');
  return (
    <ul className={styles.legend} aria-label={t('legend')}>
      {ITEMS.map(([state, icon, key]) => (
        <li key={state}>
          <span className={`${styles.legendSwatch} ${styles[state] ?? ''}`} aria-hidden="true">
            {icon}
          </span>
          {t(key)}
        </li>
      ))}
      {ACCESS.map(([icon, key]) => (
        <li key={key}>
          <span className={`${styles.legendSwatch} ${styles.free ?? ''}`} aria-hidden="true">
            {icon}
          </span>
          {t(key)}
        </li>
      ))}
    </ul>
  );
}
