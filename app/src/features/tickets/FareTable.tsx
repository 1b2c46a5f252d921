import type { ReactNode } from 'react';
import styles from './FareTable.module.css';

export interface FareLine {
  seatId: string;
  seat: ReactNode;
  detail: ReactNode;
  fare: ReactNode;
}

export interface FareSum {
  label: string;
  value: ReactNode;
  testId?: string;
}

/**
 * Seats with what each costs and the sums under them: the checkout's breakdown before paying and the
 * ticket's receipt after. `className` is the screen's own touch (type size); the layout is shared.
 */
export function FareTable({
  className,
  caption,
  columns: [seat, detail, fare],
  lines,
  sums,
  lineAttribute,
}: {
  className?: string;
  caption?: string;
  columns: [seat: string, detail: string, fare: string];
  lines: FareLine[];
  sums: FareSum[];
  /** A data attribute carrying each line's seat id, for tests that look up one seat's line. */
  lineAttribute?: `data-${string}`;
}) {
  return (
    <table className={className ? `${styles.table} ${className}` : styles.table}>
      {caption ? <caption className={styles.caption}>{caption}</caption> : null}
      <thead>
        <tr>
          <th scope="col">{seat}</th>
          <th scope="col">{detail}</th>
          <th scope="col" className={styles.num}>
            {fare}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.seatId} {...(lineAttribute ? { [lineAttribute]: l.seatId } : {})}>
            <td>{l.seat}</td>
            <td>{l.detail}</td>
            <td className={styles.num}>{l.fare}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {sums.map((s) => (
          <tr key={s.label}>
            <th scope="row" colSpan={2}>
              {s.label}
            </th>
            <td className={styles.num} data-testid={s.testId}>
              {s.value}
            </td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}
