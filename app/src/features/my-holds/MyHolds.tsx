'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { Countdown } from '@/features/seat-map/Countdown';
import { useStationNames } from '@/i18n/names';
import { useStations } from '@/lib/use-stations';
import styles from './my-holds.module.css';
import { useMyHolds } from './useMyHolds';

/** My live holds on every trip, from the server: the same list on every device of the account. */
export function MyHolds() {
  const t = useTranslations('myHolds');
  const { holds, error } = useMyHolds();
  const names = useStationNames(useStations());
  if (error) return <p role="alert">{t('loadError', { error })}</p>;
  if (!holds?.length) return null;
  return (
    <section aria-labelledby="my-holds-title" className={styles.section} data-testid="my-holds">
      <h2 id="my-holds-title">{t('title')}</h2>
      <ul className={styles.list}>
        {holds.map((h) => (
          <li key={h.holdId} className={styles.hold} data-hold-id={h.holdId}>
            <span>
              <strong>{h.seatIds.join(', ')}</strong> · {names[h.from] ?? h.from} → {names[h.to] ?? h.to}
            </span>
            <Countdown expiresAt={h.expiresAt} />
            <Link href={`/trips/${encodeURIComponent(h.tripId)}?from=${h.from}&to=${h.to}`}>{t('open')}</Link>
            <Link href={`/checkout?trip=${encodeURIComponent(h.tripId)}`}>{t('checkout')}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
