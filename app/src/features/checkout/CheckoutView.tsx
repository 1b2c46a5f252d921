'use client';

import type { ClassAvailability, Hold, Order, Trip } from '@fastpass/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { forgetHold, loadHolds } from '@/lib/holds-storage';
import { forgetIdempotencyKey, idempotencyKeyFor } from '@/lib/idempotency';
import { useApi } from '@/lib/use-api';
import { classLabel } from '@/features/seat-map/CoachTabs';
import { Countdown } from '@/features/seat-map/Countdown';
import { seatLines } from './fares';
import styles from './checkout.module.css';

function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'HOLD_EXPIRED')
      return 'Your hold expired and the seats went back. Please pick seats again.';
    if (e.code === 'NETWORK')
      return 'Cannot reach the booking server. Your payment was not duplicated — try again.';
    if (e.code === 'FORBIDDEN') return 'This hold belongs to another session.';
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Passenger names per seat, fare breakdown, confirm (one idempotency key per hold, kept across retries). */
export function CheckoutView(props: {
  tripId: string;
  onDone: (orders: Order[]) => void;
  onBack: (journey: { from: string; to: string } | null) => void;
  large?: boolean;
}) {
  const api = useApi();
  const [trip, setTrip] = useState<Trip | null>(null);
  const [holds, setHolds] = useState<Hold[] | null>(null);
  const [fares, setFares] = useState<Record<string, ClassAvailability[]>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const done = useRef<Order[]>([]);

  useEffect(() => {
    setHolds(loadHolds().filter((h) => h.tripId === props.tripId));
    api
      .trip(props.tripId)
      .then(setTrip)
      .catch((e: unknown) => setError(errorText(e)));
  }, [api, props.tripId]);

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
  if (!trip || !holds) return <p aria-busy="true">Loading your seats…</p>;
  if (holds.length === 0) {
    return (
      <div className={styles.empty}>
        <p>You have no seats on hold for this trip.</p>
        <button
          type="button"
          className={styles.secondary}
          onClick={() => props.onBack(holds?.[0] ? { from: holds[0].from, to: holds[0].to } : null)}
        >
          Pick seats
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
          window.location.assign(pay);
          return;
        }
        done.current.push(order);
        forgetHold(hold.holdId);
      }
      props.onDone(done.current);
    } catch (err) {
      setError(errorText(err));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  return (
    <form
      className={`${styles.form} ${props.large ? styles.large : ''}`}
      onSubmit={onSubmit}
      aria-label="Checkout"
    >
      <div className={styles.summary}>
        <div>
          <h2 className={styles.h2}>
            {trip.trainName} <span className={styles.muted}>#{trip.trainNumber}</span>
          </h2>
          <p className={styles.muted}>
            {[...new Set(holds.map((h) => `${h.from} → ${h.to}`))].join(', ')} · {trip.date}
          </p>
        </div>
        <div className={styles.timer}>
          Seats held for <Countdown expiresAt={soonest} />
        </div>
      </div>

      <fieldset className={styles.passengers}>
        <legend>Passengers</legend>
        {lines.map((l) => (
          <label key={l.seatId} className={styles.passenger}>
            <span>
              Seat <strong>{l.seatId}</strong> · {classLabel(l.cls)}
            </span>
            <input
              required
              maxLength={80}
              autoComplete="name"
              name={`name-${l.seatId}`}
              aria-label={`Passenger name for seat ${l.seatId}`}
              value={names[l.seatId] ?? ''}
              onChange={(e) => setNames((n) => ({ ...n, [l.seatId]: e.target.value }))}
              placeholder="Full name"
            />
          </label>
        ))}
      </fieldset>

      <table className={styles.fares}>
        <caption className={styles.caption}>Fare breakdown</caption>
        <thead>
          <tr>
            <th scope="col">Seat</th>
            <th scope="col">Class</th>
            <th scope="col" className={styles.num}>
              Fare
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.seatId}>
              <td>
                {l.coach} · {l.label}
              </td>
              <td>{classLabel(l.cls)}</td>
              <td className={styles.num}>{l.fare === null ? '…' : formatMoney(l.fare)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className={styles.num} data-testid="total">
              <strong>{priced ? formatMoney(total) : '…'}</strong>
            </td>
          </tr>
        </tfoot>
      </table>

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
          Back to seats
        </button>
        <button type="submit" className={styles.primary} disabled={submitting} aria-busy={submitting}>
          {submitting
            ? 'Confirming…'
            : error
              ? 'Try again'
              : `Confirm and pay ${priced ? formatMoney(total) : ''}`}
        </button>
      </div>
    </form>
  );
}
