'use client';

import type { Sale } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useFormat } from '@/i18n/prefs';
import { useStore } from 'zustand';
import { useBookingUrl } from '@/lib/config';
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

function etaText(seconds: number | null, t: (key: string, v?: Record<string, number>) => string): string {
  if (seconds === null) return '';
  if (seconds < 60) return t('etaLess');
  const min = Math.round(seconds / 60);
  return min < 90 ? t('etaMin', { min }) : t('etaHours', { h: Math.round(min / 60), min: min % 60 });
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
  const t = useTranslations('waiting');
  const f = useFormat();
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
        {s.phase === 'admitted' ? t('admitted') : t('title')}
      </h1>
      <p className={styles.sale}>{sale.name ?? t('sale')}</p>

      {s.phase === 'joining' ? <p aria-busy="true">{t('joining')}</p> : null}

      {s.phase === 'lottery' ? (
        <div className={styles.card}>
          {beforeOpening && opensAt !== null ? (
            <p className={styles.big} aria-live="off">
              {t('opensIn')} <strong data-testid="opens-in">{countdown(opensAt, now)}</strong>
              <span className={styles.small}>{t('at', { time: f.time(sale.opensAt) })}</span>
            </p>
          ) : (
            <p className={styles.big}>{t('drawing')}</p>
          )}
          <p>{t('fairIntro')}</p>
          {s.entrants !== null ? (
            <p className={styles.muted}>{t('entrants', { count: s.entrants })}</p>
          ) : null}
        </div>
      ) : null}

      {s.phase === 'queue' && s.position !== null ? (
        <div className={styles.card}>
          <p className={styles.positionLabel}>{t('yourPlace')}</p>
          <p className={styles.position} data-testid="queue-position" aria-live="polite">
            {f.number(s.position)}
          </p>
          <progress
            className={styles.bar}
            aria-label={t('progress')}
            max={100}
            value={Math.max(2, Math.round(progress * 100))}
          />
          <p>
            {s.position === 1 ? t('next') : t('ahead', { count: f.number(s.position - 1) })} {t('eta')}{' '}
            <strong data-testid="queue-eta">{etaText(s.etaSeconds, t)}</strong>
          </p>
          {sale.state === 'paused' ? <p className={styles.warn}>{t('paused')}</p> : null}
        </div>
      ) : null}

      {s.phase === 'unavailable' ? (
        <p className={styles.warn} role="status">
          {t('recovering')}
        </p>
      ) : null}
      {s.phase === 'error' ? (
        <p className={styles.error} role="alert">
          {s.message}
        </p>
      ) : null}

      {s.phase !== 'admitted' && s.phase !== 'error' ? (
        <p className={styles.keep}>
          <strong>{t('keep')}</strong> {t('keepMore')}{' '}
          {s.connected ? null : <span className={styles.warn}>{t('reconnecting')}</span>}
        </p>
      ) : null}

      {s.lottery ? (
        <details className={styles.fair} open={variant !== 'kiosk'}>
          <summary>{t('fair')}</summary>
          <dl>
            <dt>{t('commitment')}</dt>
            <dd>
              <code data-testid="lottery-commitment">{s.lottery.commitment}</code>
            </dd>
            {s.lottery.seed ? (
              <>
                <dt>{t('seed')}</dt>
                <dd>
                  <code data-testid="lottery-seed">{s.lottery.seed}</code>
                </dd>
              </>
            ) : null}
            {s.entrant ? (
              <>
                <dt>{t('entry')}</dt>
                <dd>
                  <code>{s.entrant}</code>
                  {myPlace > 0 ? t('drawnOf', { place: myPlace, total: s.lottery.order?.length ?? 0 }) : null}
                </dd>
              </>
            ) : null}
          </dl>
          <p className={styles.small}>
            {t('howTo')}{' '}
            <a href={`${baseUrl}/api/sales/${encodeURIComponent(sale.id)}/lottery`}>{t('lotteryData')}</a>.
          </p>
        </details>
      ) : null}
    </section>
  );
}
