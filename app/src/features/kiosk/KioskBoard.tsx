'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { useClassLabel } from '@/features/seat-map/CoachTabs';
import { useTrainName } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import { useClosedLabel } from '@/lib/sale-status';
import type { Departure } from './useDepartures';
import styles from './kiosk.module.css';

/** A number that flashes when it changes in place. */
function Live({ value }: { value: number }) {
  const f = useFormat();
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
      {f.number(value)}
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
  const t = useTranslations('kiosk');
  const f = useFormat();
  const classLabel = useClassLabel();
  const closedLabel = useClosedLabel();
  const trainName = useTrainName();
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title" className={styles.boardTitle}>
        {t('departures', { station: names[props.station] ?? props.station })}
      </h1>
      {props.error ? <p role="alert">{t('boardError', { error: props.error })}</p> : null}
      {departures === null ? <p aria-busy="true">{t('loading')}</p> : null}
      {departures?.length === 0 ? <p>{t('none')}</p> : null}
      <ul className={styles.board}>
        {departures?.map((d) => {
          const free = d.classes.reduce((n, c) => n + c.available, 0);
          const closed = d.bookable ? null : closedLabel(d.closedReason ?? 'closed', d.trip.sale);
          const day = d.trip.date === props.today ? null : f.date(d.trip.date);
          return (
            <li key={d.trip.id} data-trip-id={d.trip.id} data-bookable={d.bookable}>
              <button
                type="button"
                className={`${styles.departure} ${closed ? styles.closedDeparture : ''}`}
                onClick={() => props.onPick(d)}
                disabled={closed !== null}
                aria-label={t('rowLabel', {
                  day: day ? `${day} ` : '',
                  time: f.time(d.departsAt),
                  train: trainName(d.trip),
                  to: names[d.terminus] ?? d.terminus,
                  status: closed ?? t('seatsFreeBook', { count: f.number(free) }),
                })}
              >
                <span className={styles.depTime}>
                  {day ? <span className={styles.depDay}>{day}</span> : null}
                  {f.time(d.departsAt)}
                </span>
                <span className={styles.depTrain}>
                  <strong>{trainName(d.trip)}</strong>
                  <span>
                    #{d.trip.trainNumber} → {names[d.terminus] ?? d.terminus}
                  </span>
                </span>
                <span className={styles.depClasses}>
                  {d.classes.map((c) => (
                    <span key={c.class} className={c.available === 0 ? styles.full : styles.cls}>
                      <span className={styles.clsName}>{classLabel(c.class)}</span>
                      <span className={styles.clsAvail}>
                        {c.available === 0 ? t('full') : <Live value={c.available} />}
                      </span>
                      <span className={styles.clsFare}>{f.money(c.fare)}</span>
                    </span>
                  ))}
                </span>
                {closed ? (
                  <span className={styles.closedTag} aria-hidden="true" data-closed-reason={d.closedReason}>
                    {closed}
                  </span>
                ) : (
                  <span className={styles.book} aria-hidden="true">
                    {t('book')}
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
