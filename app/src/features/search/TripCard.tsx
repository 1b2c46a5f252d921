import type { TripSummary } from '@fastpass/shared';
import Link from 'next/link';
import { formatDuration, formatMoney, formatTime } from '@/lib/format';
import { classLabel } from '@/features/seat-map/CoachTabs';
import { closedLabel } from '@/lib/sale-status';
import styles from './search.module.css';

export function TripCard({ trip, names }: { trip: TripSummary; names: Record<string, string> }) {
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
        aria-label={`${trip.trainName} ${trip.trainNumber}, ${names[trip.from] ?? trip.from} ${formatTime(trip.departsAt)} to ${names[trip.to] ?? trip.to} ${formatTime(trip.arrivesAt)}, ${closed ?? `${total} seats free`}`}
      >
        <div className={styles.cardHead}>
          <strong>{trip.trainName}</strong>
          <span className={styles.muted}>#{trip.trainNumber}</span>
          {closed ? (
            <span className={styles.closedBadge} data-closed-reason={trip.closedReason}>
              {closed}
            </span>
          ) : null}
        </div>
        <div className={styles.times}>
          <div>
            <span className={styles.time}>{formatTime(trip.departsAt)}</span>
            <span className={styles.station}>{names[trip.from] ?? trip.from}</span>
          </div>
          <div className={styles.duration} aria-hidden="true">
            <span>{formatDuration(trip.departsAt, trip.arrivesAt)}</span>
            <span className={styles.line} />
          </div>
          <div className={styles.right}>
            <span className={styles.time}>{formatTime(trip.arrivesAt)}</span>
            <span className={styles.station}>{names[trip.to] ?? trip.to}</span>
          </div>
        </div>
      </Link>
      <ul className={styles.classes} aria-label="Classes">
        {trip.classes.map((c) => (
          <li key={c.class} className={c.available === 0 ? styles.soldOut : undefined}>
            <span>{classLabel(c.class)}</span>
            <strong>{formatMoney(c.fare)}</strong>
            <span className={styles.avail}>{c.available === 0 ? '✕ sold out' : `${c.available} free`}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}
