import type { ReactNode } from 'react';
import styles from './console.module.css';

/** A console page's title with its tools (search, actions) on the same line. */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className={styles.header}>
      <h1>{title}</h1>
      {children}
    </div>
  );
}
