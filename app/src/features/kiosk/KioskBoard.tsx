'use client';

import { useEffect, useRef } from 'react';
import { classLabel } from '@/features/seat-map/CoachTabs';
import { formatMoney, formatTime } from '@/lib/format';
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
      {departures?.length === 0 ? <p>No more trains from this station today.</p> : null}
      <ul className={styles.board}>
        {departures?.map((d) => {
          const free = d.classes.reduce((n, c) => n + c.available, 0);
          return (
            <li key={d.trip.id} data-trip-id={d.trip.id}>
              <button
                type="button"
                className={styles.departure}
                onClick={() => props.onPick(d)}
                aria-label={`${formatTime(d.departsAt)} ${d.trip.trainName} to ${names[d.terminus] ?? d.terminus}, ${free} seats free. Book.`}
              >
                <span className={styles.depTime}>{formatTime(d.departsAt)}</span>
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
                <span className={styles.book} aria-hidden="true">
                  Book ›
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
