'use client';

import type { Sale } from '@fastpass/shared';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useBookingUrl } from '@/lib/config';
import { formatTime } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import { connectQueue } from './socket';
import { createWaitingStore, progressOf } from './store';
import styles from './waiting-room.module.css';

export interface WaitingRoomProps {
  tripId: string;
  sale: Sale;
  /** Shown above the queue (train name, date). */
  heading?: string;
  variant?: 'kiosk';
  onAdmitted: (expiresAt: string | null) => void;
}

function etaText(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return 'less than a minute';
  const min = Math.round(seconds / 60);
  return min < 90 ? `about ${min} min` : `about ${Math.round(min / 60)} h ${min % 60} min`;
}

function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function countdown(to: number, now: number): string {
  const s = Math.max(0, Math.ceil((to - now) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The waiting room of a queued sale: my place, progress and ETA, and the lottery's public record. */
export function WaitingRoom({ tripId, sale, heading, variant, onAdmitted }: WaitingRoomProps) {
  const baseUrl = useBookingUrl();
  const api = useApi();
  const [store] = useState(() => createWaitingStore(tripId));
  const s = useStore(store);
  const now = useNow(1000);

  useEffect(() => connectQueue(baseUrl, store), [baseUrl, store]);

  // The lottery record: the commitment now, the seed and the entrants once drawn.
  const drawn = s.lottery?.drawn ?? false;
  const phase = s.phase;
  useEffect(() => {
    if (drawn) return;
    let stop = false;
    const load = () =>
      api
        .lottery(sale.id)
        .then((info) => {
          if (!stop) store.getState().setLottery(info);
        })
        .catch(() => undefined);
    void load();
    const t = setInterval(load, phase === 'lottery' ? 5000 : 15_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [api, sale.id, store, drawn, phase]);

  useEffect(() => {
    if (s.phase === 'admitted') onAdmitted(s.expiresAt);
  }, [s.phase, s.expiresAt, onAdmitted]);

  const opensAt = sale.opensAt ? Date.parse(sale.opensAt) : null;
  const beforeOpening = opensAt !== null && now < opensAt;
  const progress = progressOf(s);
  const myPlace = s.lottery?.order && s.entrant ? s.lottery.order.indexOf(s.entrant) + 1 : 0;

  return (
    <section
      className={`${styles.room} ${variant === 'kiosk' ? styles.kiosk : ''}`}
      aria-labelledby="waiting-title"
      data-testid="waiting-room"
      data-phase={s.phase}
      data-position={s.position ?? ''}
    >
      {heading ? <p className={styles.heading}>{heading}</p> : null}
      <h1 id="waiting-title" className={styles.title}>
        {s.phase === 'admitted' ? "You're in — opening the seat map…" : "You're in the waiting room"}
      </h1>
      <p className={styles.sale}>{sale.name ?? 'Sale'}</p>

      {s.phase === 'joining' ? <p aria-busy="true">Finding your place…</p> : null}

      {s.phase === 'lottery' ? (
        <div className={styles.card}>
          {beforeOpening && opensAt !== null ? (
            <p className={styles.big} aria-live="off">
              Sale opens in <strong data-testid="opens-in">{countdown(opensAt, now)}</strong>
              <span className={styles.small}> at {formatTime(sale.opensAt)}</span>
            </p>
          ) : (
            <p className={styles.big}>Drawing places…</p>
          )}
          <p>
            Everyone who arrives before opening gets a place <strong>drawn at random</strong> when the sale
            opens — arriving earlier gives no advantage.
          </p>
          {s.entrants !== null ? (
            <p className={styles.muted}>
              {s.entrants.toLocaleString()} {s.entrants === 1 ? 'person has' : 'people have'} entered so far
            </p>
          ) : null}
        </div>
      ) : null}

      {s.phase === 'queue' && s.position !== null ? (
        <div className={styles.card}>
          <p className={styles.positionLabel}>Your place in line</p>
          <p className={styles.position} data-testid="queue-position" aria-live="polite">
            {s.position.toLocaleString()}
          </p>
          <progress
            className={styles.bar}
            aria-label="Progress through the line"
            max={100}
            value={Math.max(2, Math.round(progress * 100))}
          />
          <p>
            {s.position === 1 ? "You're next." : `${(s.position - 1).toLocaleString()} ahead of you.`}{' '}
            Estimated wait: <strong data-testid="queue-eta">{etaText(s.etaSeconds)}</strong>
          </p>
          {sale.state === 'paused' ? (
            <p className={styles.warn}>The sale is paused; your place is kept.</p>
          ) : null}
        </div>
      ) : null}

      {s.phase === 'unavailable' ? (
        <p className={styles.warn} role="status">
          The waiting room is paused while the booking service recovers. Retrying…
        </p>
      ) : null}
      {s.phase === 'error' ? (
        <p className={styles.error} role="alert">
          {s.message}
        </p>
      ) : null}

      {s.phase !== 'admitted' && s.phase !== 'error' ? (
        <p className={styles.keep}>
          <strong>Don&rsquo;t refresh — your place is kept.</strong> You can close this tab and come back; you
          keep the same place. {s.connected ? null : <span className={styles.warn}>Reconnecting…</span>}
        </p>
      ) : null}

      {s.lottery ? (
        <details className={styles.fair} open={variant !== 'kiosk'}>
          <summary>A fair draw you can check</summary>
          <dl>
            <dt>Commitment (published before opening)</dt>
            <dd>
              <code data-testid="lottery-commitment">{s.lottery.commitment}</code>
            </dd>
            {s.lottery.seed ? (
              <>
                <dt>Seed (revealed at opening)</dt>
                <dd>
                  <code data-testid="lottery-seed">{s.lottery.seed}</code>
                </dd>
              </>
            ) : null}
            {s.entrant ? (
              <>
                <dt>Your entry in the draw</dt>
                <dd>
                  <code>{s.entrant}</code>
                  {myPlace > 0 ? ` — drawn ${myPlace} of ${s.lottery.order?.length}` : null}
                </dd>
              </>
            ) : null}
          </dl>
          <p className={styles.small}>
            SHA-256 of the seed must equal the commitment; sorting the published entries by HMAC-SHA256(seed,
            entry) gives the order. Record:{' '}
            <a href={`${baseUrl}/api/sales/${encodeURIComponent(sale.id)}/lottery`}>lottery data</a>.
          </p>
        </details>
      ) : null}
    </section>
  );
}
