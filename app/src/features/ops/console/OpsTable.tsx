'use client';

import type { ReactNode } from 'react';
import styles from './console.module.css';

/** A column head; `numeric` ones are right-aligned like their figures. */
export type Column = string | { label: string; numeric: true };

export const numeric = (label: string): Column => ({ label, numeric: true });

/** The console's list table: column heads scoped for screen readers, rows from the page. */
export function OpsTable({
  caption,
  captionClassName,
  columns,
  children,
}: {
  caption?: ReactNode;
  captionClassName?: string;
  columns: Column[];
  children: ReactNode;
}) {
  return (
    <table className={styles.table}>
      {caption === undefined ? null : <caption className={captionClassName}>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) =>
            typeof c === 'string' ? (
              <th key={c} scope="col">
                {c}
              </th>
            ) : (
              <th key={c.label} scope="col" className={styles.num}>
                {c.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** "12 stations", or that the list is still on its way. */
export const counted = (list: readonly unknown[] | null | undefined, what: (n: number) => string) =>
  list ? what(list.length) : 'Loading…';
