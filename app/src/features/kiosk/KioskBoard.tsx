'use client';

import { useEffect, useRef } from 'react';
import { classLabel } from '@/features/seat-map/CoachTabs';
import { formatDate, formatMoney, formatTime } from '@/lib/format';
import { closedLabel } from '@/lib/sale-status';
import type { Departure } from './useDepartures';
import styles from './kiosk.module.css';

/** A number that flashes when it changes in place. */
function Live({ value }: { value: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  const prev = useRef(value);
  useEffect(() => {
    if (prev.current !== value && ref.current) {
      ref.current.classList.remove(styles.flash ?? 'flash');
      void ref.current.offsetWidth;
      ref.current.classList.add(styles.flash ?? 'flash');
    }
    prev.current = value;
  }, [value]);
  return (
    <span ref={ref} data-available={value}>
      {value}
    </span>
  );
}

export function KioskBoard(props: {
  station: string;
  names: Record<string, string>;
  departures: Departure[] | null;
  /** Today's date (YYYY-MM-DD, Bangladesh time): later days are labelled. */
  today: string;
  error: string | null;
  onPick: (d: Departure) => void;
}) {
  const { departures, names } = props;
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title" className={styles.boardTitle}>
        Departures · {names[props.station] ?? props.station}
      </h1>
      {props.error ? <p role="alert">Board not updating: {props.error}</p> : null}
      {departures === null ? <p aria-busy="true">Loading departures…</p> : null}
      {departures?.length === 0 ? <p>No more trains from this station today or tomorrow.</p> : null}
      <ul className={styles.board}>
        {departures?.map((d) => {
          const free = d.classes.reduce((n, c) => n + c.available, 0);
          const closed = d.bookable ? null : closedLabel(d.closedReason ?? 'closed', d.trip.sale);
          const day = d.trip.date === props.today ? null : formatDate(d.trip.date);
          return (
            <li key={d.trip.id} data-trip-id={d.trip.id} data-bookable={d.bookable}>
              <button
                type="button"
                className={`${styles.departure} ${closed ? styles.closedDeparture : ''}`}
                onClick={() => props.onPick(d)}
                disabled={closed !== null}
                aria-label={`${day ? `${day} ` : ''}${formatTime(d.departsAt)} ${d.trip.trainName} to ${names[d.terminus] ?? d.terminus}, ${closed ?? `${free} seats free. Book.`}`}
              >
                <span className={styles.depTime}>
                  {day ? <span className={styles.depDay}>{day}</span> : null}
                  {formatTime(d.departsAt)}
                </span>
                <span className={styles.depTrain}>
                  <strong>{d.trip.trainName}</strong>
                  <span>
                    #{d.trip.trainNumber} → {names[d.terminus] ?? d.terminus}
                  </span>
                </span>
                <span className={styles.depClasses}>
                  {d.classes.map((c) => (
                    <span key={c.class} className={c.available === 0 ? styles.full : styles.cls}>
                      <span className={styles.clsName}>{classLabel(c.class)}</span>
                      <span className={styles.clsAvail}>
                        {c.available === 0 ? '✕ full' : <Live value={c.available} />}
                      </span>
                      <span className={styles.clsFare}>{formatMoney(c.fare)}</span>
                    </span>
                  ))}
                </span>
                {closed ? (
                  <span className={styles.closedTag} aria-hidden="true" data-closed-reason={d.closedReason}>
                    {closed}
                  </span>
                ) : (
                  <span className={styles.book} aria-hidden="true">
                    Book ›
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
