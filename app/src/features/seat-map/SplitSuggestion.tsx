'use client';

import { type Seat, mayHold } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useTripStore } from './StoreProvider';
import { suggestSplit } from './split';
import { useTripConnection } from './TripConnectionContext';
import styles from './seat-map.module.css';

/** When no seat is free end to end: a seat change at one stop, held with one press (two holds). */
export function SplitSuggestion({ names }: { names: Record<string, string> }) {
  const t = useTranslations('trip');
  const connection = useTripConnection();
  const trip = useTripStore((s) => s.trip);
  const occ = useTripStore((s) => s.occ);
  const from = useTripStore((s) => s.from);
  const to = useTripStore((s) => s.to);
  const needs = useTripStore((s) => s.needs);
  const closed = useTripStore((s) => s.closed);
  const split = useMemo(
    () => (trip && !closed ? suggestSplit(trip, occ, from, to, (seat: Seat) => mayHold(seat, needs)) : null),
    [trip, occ, from, to, needs, closed],
  );
  if (!split) return null;
  const [first, second] = split;
  const name = (code: string) => names[code] ?? code;
  return (
    <section className={styles.split} aria-labelledby="split-title" data-testid="split-suggestion">
      <h2 id="split-title">{t('splitTitle')}</h2>
      <p>
        {t('splitText', {
          stop: name(first.to),
          first: first.seatId,
          second: second.seatId,
          from: name(first.from),
          to: name(second.to),
        })}
      </p>
      <button
        type="button"
        className={styles.primaryButton}
        disabled={!connection}
        onClick={async () => {
          if (!connection) return;
          if (await connection.hold([first.seatId], first)) await connection.hold([second.seatId], second);
        }}
      >
        {t('splitHold')}
      </button>
    </section>
  );
}
