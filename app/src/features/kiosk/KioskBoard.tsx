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
  /** Whether the board's subscription is live (updates arrive as they happen). */
  live: boolean;
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
        {t('departures', { station: names[props.station] ?? props.station })}{' '}
        <output className={props.live ? styles.liveOn : styles.liveOff} data-board-live={props.live}>
          {props.live ? t('live') : t('offline')}
        </output>
      </h1>
      {props.error && !props.live ? <p role="alert">{t('boardError', { error: props.error })}</p> : null}
      {departures === null ? <p aria-busy="true">{t('loading')}</p> : null}
      {departures?.length === 0 ? <p>{t('none')}</p> : null}
      <ul className={styles.board}>
        {departures?.map((d) => {
          const free = d.classes.reduce((n, c) => n + c.available, 0);
          const closed = d.bookable ? null : closedLabel(d.closedReason ?? 'closed', d.sale);
          const queue = d.sale?.queue === true;
          const day = d.date === props.today ? null : f.date(d.date);
          return (
            <li key={d.id} data-trip-id={d.id} data-bookable={d.bookable} data-sale-state={d.saleState}>
              <button
                type="button"
                className={`${styles.departure} ${closed ? styles.closedDeparture : ''}`}
                onClick={() => props.onPick(d)}
                disabled={closed !== null}
                aria-label={t('rowLabel', {
                  day: day ? `${day} ` : '',
                  time: f.time(d.departsAt),
                  train: trainName(d),
                  to: names[d.to] ?? d.to,
                  status: closed ?? t('seatsFreeBook', { count: f.number(free) }),
                })}
              >
                <span className={styles.depTime}>
                  {day ? <span className={styles.depDay}>{day}</span> : null}
                  {f.time(d.departsAt)}
                </span>
                <span className={styles.depTrain}>
                  <strong>{trainName(d)}</strong>
                  <span>
                    #{d.trainNumber} → {names[d.to] ?? d.to}
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
                ) : queue ? (
                  <span className={styles.queueTag} aria-hidden="true" data-queue="on">
                    {t('queueOpen')}
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
