import type { CSSProperties, ReactNode } from 'react';
import styles from './console.module.css';

/** A section of a console page, named by its heading for screen readers' landmark lists. */
export function Card({
  id,
  title,
  style,
  children,
}: {
  id: string;
  title: ReactNode;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <section className={styles.card} aria-labelledby={id} style={style}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
