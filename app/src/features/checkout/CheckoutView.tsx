'use client';

import type { ClassAvailability, Hold, Order, Station, Trip } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useStationNames, useTrainName } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import { ApiError } from '@/lib/api';
import { forgetHold, loadHolds } from '@/lib/holds-storage';
import { forgetIdempotencyKey, idempotencyKeyFor } from '@/lib/idempotency';
import { useApi } from '@/lib/use-api';
import { useClassLabel } from '@/features/seat-map/CoachTabs';
import { OnScreenKeyboard } from '@/features/kiosk/OnScreenKeyboard';
import { Countdown } from '@/features/seat-map/Countdown';
import { FareTable } from '@/features/tickets/FareTable';
import { seatLines } from './fares';
import styles from './checkout.module.css';

function errorText(e: unknown, t: (key: string) => string): string {
  if (e instanceof ApiError) {
    if (e.code === 'HOLD_EXPIRED') return t('errHoldExpired');
    if (e.code === 'NETWORK') return t('errNetwork');
    if (e.code === 'FORBIDDEN') return t('errForbidden');
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Passenger names per seat, fare breakdown, confirm (one idempotency key per hold, kept across retries). */
export function CheckoutView(props: {
  tripId: string;
  onDone: (orders: Order[]) => void;
  /** Just before the payer leaves for the payment provider's page (the kiosk remembers its way back). */
  onPay?: () => void;
  onBack: (journey: { from: string; to: string } | null) => void;
  large?: boolean;
}) {
  const t = useTranslations('checkout');
  const f = useFormat();
  const classLabel = useClassLabel();
  const trainName = useTrainName();
  const api = useApi();
  const [stations, setStations] = useState<Station[]>([]);
  const stationNames = useStationNames(stations);
  const [trip, setTrip] = useState<Trip | null>(null);
  const [holds, setHolds] = useState<Hold[] | null>(null);
  const [fares, setFares] = useState<Record<string, ClassAvailability[]>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  /** The name field the kiosk's on-screen keyboard types into (the last one focused). */
  const [typing, setTyping] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const done = useRef<Order[]>([]);

  useEffect(() => {
    setHolds(loadHolds().filter((h) => h.tripId === props.tripId));
    api
      .trip(props.tripId)
      .then(setTrip)
      .catch((e: unknown) => setError(errorText(e, t)));
    api
      .stations()
      .then(setStations)
      .catch(() => undefined);
  }, [api, props.tripId, t]);

  useEffect(() => {
    if (!trip || !holds) return;
    const journeys = [...new Set(holds.map((h) => `${h.from}-${h.to}`))];
    for (const j of journeys) {
      const [from, to] = j.split('-') as [string, string];
      api
        .trips({ from, to, date: trip.date })
        .then((list) => {
          const classes = list.find((t) => t.id === trip.id)?.classes ?? [];
          setFares((f) => ({ ...f, [j]: classes }));
        })
        .catch(() => undefined);
    }
  }, [api, trip, holds]);

  if (error && !trip) return <p role="alert">{error}</p>;
  if (!trip || !holds) return <p aria-busy="true">{t('loading')}</p>;
  if (holds.length === 0) {
    return (
      <div className={styles.empty}>
        <p>{t('noHolds')}</p>
        <button
          type="button"
          className={styles.secondary}
          onClick={() => props.onBack(holds?.[0] ? { from: holds[0].from, to: holds[0].to } : null)}
        >
          {t('pickSeats')}
        </button>
      </div>
    );
  }

  const lines = seatLines(trip, holds, fares);
  const total = lines.reduce((n, l) => n + (l.fare ?? 0), 0);
  const priced = lines.every((l) => l.fare !== null);
  const soonest = holds.map((h) => h.expiresAt).sort()[0] ?? '';

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (inFlight.current || !holds) return;
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    try {
      for (const hold of holds) {
        if (done.current.some((o) => o.tickets.some((t) => hold.seatIds.includes(t.seatId)))) continue;
        const passengers = hold.seatIds.map((seatId) => ({ seatId, name: (names[seatId] ?? '').trim() }));
        let { order } = await api.createOrder(
          { holdId: hold.holdId, passengers },
          idempotencyKeyFor(hold.holdId),
        );
        if (order.status === 'failed') {
          // The key's earlier attempt was declined; the hold lives on, so this is a new purchase.
          forgetIdempotencyKey(hold.holdId);
          ({ order } = await api.createOrder(
            { holdId: hold.holdId, passengers },
            idempotencyKeyFor(hold.holdId),
          ));
        }
        const pay = order.status === 'pending' ? order.payment?.redirectUrl : undefined;
        if (pay) {
          // A payment provider is on: the payer goes to its page; the hold is kept until the order
          // is confirmed (payments/PaymentReturnPage), so a failed payment can be retried.
          props.onPay?.();
          window.location.assign(pay);
          return;
        }
        done.current.push(order);
        forgetHold(hold.holdId);
      }
      props.onDone(done.current);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  return (
    <form
      className={`${styles.form} ${props.large ? styles.large : ''}`}
      onSubmit={onSubmit}
      aria-label={t('formLabel')}
    >
      <div className={styles.summary}>
        <div>
          <h2 className={styles.h2}>
            {trainName(trip)} <span className={styles.muted}>#{trip.trainNumber}</span>
          </h2>
          <p className={styles.muted}>
            {[
              ...new Set(
                holds.map((h) => `${stationNames[h.from] ?? h.from} → ${stationNames[h.to] ?? h.to}`),
              ),
            ].join(', ')}{' '}
            · {f.date(trip.date)}
          </p>
        </div>
        <div className={styles.timer}>
          {t('heldFor')} <Countdown expiresAt={soonest} />
        </div>
      </div>

      <fieldset className={styles.passengers}>
        <legend>{t('passengers')}</legend>
        {lines.map((l) => (
          <label key={l.seatId} className={styles.passenger}>
            <span>
              {t('seat')} <strong>{l.seatId}</strong> · {classLabel(l.cls)}
            </span>
            <input
              required
              maxLength={80}
              autoComplete="name"
              name={`name-${l.seatId}`}
              aria-label={t('nameFor', { seat: l.seatId })}
              value={names[l.seatId] ?? ''}
              onChange={(e) => setNames((n) => ({ ...n, [l.seatId]: e.target.value }))}
              onFocus={() => setTyping(l.seatId)}
              placeholder={t('fullName')}
            />
          </label>
        ))}
      </fieldset>
      {props.large ? (
        <OnScreenKeyboard
          onKey={(key) => {
            const seatId = typing ?? lines[0]?.seatId;
            if (!seatId) return;
            setNames((n) => {
              const now = n[seatId] ?? '';
              return {
                ...n,
                [seatId]: key === 'Backspace' ? [...now].slice(0, -1).join('') : (now + key).slice(0, 80),
              };
            });
          }}
        />
      ) : null}

      <FareTable
        className={styles.fares}
        caption={t('fareBreakdown')}
        columns={[t('seat'), t('class'), t('fare')]}
        lines={lines.map((l) => ({
          seatId: l.seatId,
          seat: `${l.coach} · ${l.label}`,
          detail: classLabel(l.cls),
          fare: l.fare === null ? '…' : f.money(l.fare),
        }))}
        sums={[
          { label: t('total'), value: <strong>{priced ? f.money(total) : '…'}</strong>, testId: 'total' },
        ]}
      />

      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button
          type="button"
          className={styles.secondary}
          onClick={() => props.onBack(holds?.[0] ? { from: holds[0].from, to: holds[0].to } : null)}
        >
          {t('backToSeats')}
        </button>
        <button type="submit" className={styles.primary} disabled={submitting} aria-busy={submitting}>
          {submitting
            ? t('confirming')
            : error
              ? t('tryAgain')
              : t('confirmPay', { total: priced ? f.money(total) : '' })}
        </button>
      </div>
    </form>
  );
}
