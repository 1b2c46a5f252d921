'use client';

import type { AccessNeed, ClassAvailability, Hold, Station } from '@fastpass/shared';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useFormat } from '@/i18n/prefs';
import { useStationNames } from '@/i18n/names';
import { Countdown } from './Countdown';
import { tripMessages } from './messages';
import { useClassLabel } from './CoachTabs';
import { useTripConnection } from './TripConnectionContext';
import { myHoldsList } from './store';
import { useTripStore } from './StoreProvider';
import styles from './seat-map.module.css';

function HoldRow({ hold, names }: { hold: Hold; names: Record<string, string> }) {
  const t = useTranslations('trip');
  const connection = useTripConnection();
  const [busy, setBusy] = useState(false);
  async function run(action: (c: NonNullable<typeof connection>) => Promise<boolean>): Promise<void> {
    if (!connection) return;
    setBusy(true);
    try {
      await action(connection);
    } finally {
      setBusy(false);
    }
  }
  const warn = Date.parse(hold.expiresAt) - Date.now() <= 60_000;
  return (
    <li className={`${styles.hold} ${warn ? styles.holdWarn : ''}`} data-hold-id={hold.holdId}>
      <div className={styles.holdSeats}>
        <strong>{hold.seatIds.join(', ')}</strong>
        <span className={styles.muted}>
          {names[hold.from] ?? hold.from} → {names[hold.to] ?? hold.to}
        </span>
      </div>
      <Countdown expiresAt={hold.expiresAt} />
      <div className={styles.holdActions}>
        {!hold.extended ? (
          <button
            type="button"
            className={styles.secondary}
            disabled={busy}
            onClick={() => run((c) => c.extend(hold.holdId))}
          >
            {t('extendOnce')}
          </button>
        ) : null}
        <button
          type="button"
          className={styles.secondary}
          disabled={busy}
          onClick={() => run((c) => c.release(hold.holdId))}
        >
          {t('release')}
        </button>
      </div>
    </li>
  );
}

/** "I need": ticking a need lets this passenger hold wheelchair spaces / priority seats (sent with holds). */
function NeedsPicker() {
  const t = useTranslations('trip');
  const needs = useTripStore((s) => s.needs);
  const setNeeds = useTripStore((s) => s.setNeeds);
  const toggle = (need: AccessNeed, on: boolean) =>
    setNeeds(on ? [...needs.filter((n) => n !== need), need] : needs.filter((n) => n !== need));
  return (
    <fieldset className={styles.needs}>
      <legend>{t('needsTitle')}</legend>
      <label>
        <input
          type="checkbox"
          checked={needs.includes('wheelchair')}
          onChange={(e) => toggle('wheelchair', e.target.checked)}
          data-need="wheelchair"
        />
        ♿ {t('needWheelchair')}
      </label>
      <label>
        <input
          type="checkbox"
          checked={needs.includes('priority')}
          onChange={(e) => toggle('priority', e.target.checked)}
          data-need="priority"
        />
        {t('needPriority')}
      </label>
    </fieldset>
  );
}

/** My holds with their countdowns, multi-seat selection, best-available, and the way to checkout. */
export function HoldPanel({
  fares,
  stations,
  onCheckout,
}: {
  fares: ClassAvailability[];
  stations: Station[];
  onCheckout?: () => void;
}) {
  const t = useTranslations('trip');
  const hint = tripMessages(useTranslations('tripMessages')).holdHint;
  const f = useFormat();
  const label = useClassLabel();
  const names = useStationNames(stations);
  const holdsById = useTripStore((s) => s.holds);
  const holds = useMemo(() => myHoldsList(holdsById), [holdsById]);
  const holdsKey = holds.map((h) => `${h.holdId}:${h.expiresAt}`).join('|');
  const tripId = useTripStore((s) => s.tripId);
  const selecting = useTripStore((s) => s.selecting);
  const selected = useTripStore((s) => s.selected);
  const setSelecting = useTripStore((s) => s.setSelecting);
  const clearSelected = useTripStore((s) => s.clearSelected);
  const activeCoach = useTripStore((s) => s.activeCoach);
  const maxSeats = useTripStore((s) => s.maxSeats);
  const holdTtlSeconds = useTripStore((s) => s.holdTtlSeconds);
  // A server that does not say its limit: offer one seat at a time, which no limit refuses.
  const bestMax = maxSeats ?? 1;
  const connection = useTripConnection();
  const [wanted, setCount] = useState(2);
  const count = Math.min(wanted, bestMax);
  const selectedIds = Object.keys(selected);
  const seatCount = holds.reduce((n, h) => n + h.seatIds.length, 0);

  return (
    <aside className={styles.panel} aria-label={t('yourSeats')} data-holds={holdsKey}>
      <h2 className={styles.panelTitle}>{t('yourSeats')}</h2>
      {holds.length === 0 ? (
        <p className={styles.muted}>{hint(holdTtlSeconds, maxSeats)}</p>
      ) : (
        <ul className={styles.holds}>
          {holds.map((h) => (
            <HoldRow key={h.holdId} hold={h} names={names} />
          ))}
        </ul>
      )}
      {holds.length > 0 && onCheckout ? (
        <button type="button" className={styles.primaryButton} onClick={onCheckout} data-testid="checkout">
          {t('checkout', { count: seatCount })}
        </button>
      ) : null}
      {holds.length > 0 && !onCheckout ? (
        <Link
          className={styles.primary}
          href={`/checkout?trip=${encodeURIComponent(tripId)}`}
          data-testid="checkout"
        >
          {t('checkout', { count: seatCount })}
        </Link>
      ) : null}

      <NeedsPicker />
      <div className={styles.tools}>
        <label className={styles.check}>
          <input type="checkbox" checked={selecting} onChange={(e) => setSelecting(e.target.checked)} />
          {t('selectSeveral')}
        </label>
        {selecting ? (
          <div className={styles.row}>
            <button
              type="button"
              className={styles.primaryButton}
              disabled={selectedIds.length === 0 || !connection}
              onClick={async () => {
                if (!connection) return;
                const ok = await connection.hold(selectedIds);
                if (ok) clearSelected();
              }}
            >
              {selectedIds.length ? t('holdSelected', { count: selectedIds.length }) : t('holdSelectedNone')}
            </button>
            <button type="button" className={styles.secondary} onClick={clearSelected}>
              {t('clear')}
            </button>
          </div>
        ) : null}
        <div className={styles.row}>
          <label className={styles.inline}>
            <span>{t('best')}</span>
            <select
              value={count}
              onChange={(e) => setCount(Number(e.target.value))}
              aria-label={t('seatCount')}
            >
              {Array.from({ length: bestMax }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={styles.secondary}
            disabled={!connection}
            onClick={() => connection?.holdBest(count, activeCoach ?? undefined)}
          >
            {activeCoach ? t('bestTogetherIn', { count, coach: activeCoach }) : t('bestTogether', { count })}
          </button>
        </div>
      </div>

      {fares.length ? (
        <details className={styles.fares}>
          <summary>{t('fares')}</summary>
          <ul>
            {fares.map((fare) => (
              <li key={fare.class}>
                {t('fareLine', { cls: label(fare.class), fare: f.money(fare.fare), count: fare.available })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </aside>
  );
}
