'use client';

import type { TripSummary } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useClassLabel } from '@/features/seat-map/CoachTabs';
import { useTrainName } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import { useClosedLabel } from '@/lib/sale-status';
import styles from './search.module.css';

export function TripCard({ trip, names }: { trip: TripSummary; names: Record<string, string> }) {
  const t = useTranslations('search');
  const f = useFormat();
  const classLabel = useClassLabel();
  const closedLabel = useClosedLabel();
  const train = useTrainName()(trip);
  const href = `/trips/${encodeURIComponent(trip.id)}?from=${encodeURIComponent(trip.from)}&to=${encodeURIComponent(trip.to)}`;
  const total = trip.classes.reduce((n, c) => n + c.available, 0);
  const closed = trip.bookable === false ? closedLabel(trip.closedReason ?? 'closed', trip.sale) : null;
  return (
    <li
      className={`${styles.card} ${closed ? styles.closedCard : ''}`}
      data-trip-id={trip.id}
      data-bookable={trip.bookable !== false}
    >
      <Link
        href={href}
        className={styles.cardLink}
        aria-label={t('cardLabel', {
          train,
          number: trip.trainNumber,
          from: names[trip.from] ?? trip.from,
          departs: f.time(trip.departsAt),
          to: names[trip.to] ?? trip.to,
          arrives: f.time(trip.arrivesAt),
          status: closed ?? t('seatsFree', { count: total }),
        })}
      >
        <div className={styles.cardHead}>
          <strong>{train}</strong>
          <span className={styles.muted}>#{trip.trainNumber}</span>
          {closed ? (
            <span className={styles.closedBadge} data-closed-reason={trip.closedReason}>
              {closed}
            </span>
          ) : null}
        </div>
        <div className={styles.times}>
          <div>
            <span className={styles.time}>{f.time(trip.departsAt)}</span>
            <span className={styles.station}>{names[trip.from] ?? trip.from}</span>
          </div>
          <div className={styles.duration} aria-hidden="true">
            <span>{f.duration(trip.departsAt, trip.arrivesAt)}</span>
            <span className={styles.line} />
          </div>
          <div className={styles.right}>
            <span className={styles.time}>{f.time(trip.arrivesAt)}</span>
            <span className={styles.station}>{names[trip.to] ?? trip.to}</span>
          </div>
        </div>
      </Link>
      <ul className={styles.classes} aria-label={t('classes')}>
        {trip.classes.map((c) => (
          <li key={c.class} className={c.available === 0 ? styles.soldOut : undefined}>
            <span>{classLabel(c.class)}</span>
            <strong>{f.money(c.fare)}</strong>
            <span className={styles.avail}>
              {c.available === 0 ? t('soldOut') : t('free', { count: f.number(c.available) })}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}
