import { createHash } from 'node:crypto';
import { ErrorCode, type Order, type OrderRequest } from '@fastpass/shared';
import { type Principal, capKeyOf } from '../auth/tokens';
import type { EffectsSink } from '../booking/effects';
import { storeFailure } from '../booking/hold-errors';
import type { HoldStore } from '../booking/hold-store';
import type { HoldService } from '../booking/hold.service';
import type { CatalogService } from '../catalog/catalog.service';
import { AppError, notFound, unavailable } from '../errors';
import { PgCode, pgCode } from '../infra/db';
import { isDatabaseDown } from '../infra/failures';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import type { PaymentRow, PaymentService } from '../payments/payment.service';
import type { BuyerContact } from '../tickets/receipts';
import type { TicketService } from '../tickets/ticket.service';
import type { CacheOutbox } from './cache-outbox';
import type { OrderRow, OrdersRepo, TicketRow } from './orders.repo';
import { type FeeTier, refundOf } from './refund-rules';
import type { PurchaseBatcher } from './purchase-batcher';
import { fareOf } from './pricing';

/** A claimed hold cannot expire for this long while its purchase transaction runs. */
const PAYING_GRACE_MS = 30_000;

export interface OrderServiceDeps {
  repo: OrdersRepo;
  batcher: PurchaseBatcher;
  catalog: CatalogService;
  holds: HoldService;
  store: () => HoldStore;
  sink: EffectsSink;
  log: Logger;
  metrics: Metrics;
  outbox: CacheOutbox;
  /** Null with PAYMENTS=off: an order is confirmed at once (contract v1). */
  payments: PaymentService | null;
  /** How long after the hold's expiry a payment in flight keeps the seats (PAYMENT_GRACE_SECONDS). */
  paymentGraceMs: number;
  feeSchedule: FeeTier[];
  /** Signs each live ticket's QR (tickets/). */
  tickets: TicketService;
  /**
   * Told of every order confirmed at once (PAYMENTS=off), with the order as answered and where its
   * buyer's receipt goes: receipts.
   */
  onConfirmed?: (order: Order, buyer: BuyerContact) => void;
}

export function requestHash(body: OrderRequest): string {
  const canonical = JSON.stringify({
    holdId: body.holdId,
    passengers: [...body.passengers]
      .sort((a, b) => a.seatId.localeCompare(b.seatId))
      .map((p) => [p.seatId, p.name.trim()]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Purchase: the hold must be the caller's and live; Postgres commits order + tickets (its exclusion
 * constraint is the final fence), then the cache marks the legs sold and the change is broadcast.
 */
export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  async purchase(user: Principal, key: string, body: OrderRequest): Promise<Order> {
    const hash = requestHash(body);
    const replay = await this.replay(user.userId, key, hash);
    if (replay) return replay;

    const tripId = await this.deps.holds.tripOfHold(body.holdId);
    const window = await this.deps.holds.windowOfTrip(tripId);
    const claimed = await this.deps.store().claim(tripId, body.holdId, user.userId, PAYING_GRACE_MS, window);
    this.deps.sink.publish(claimed.effects);
    if (!claimed.ok) {
      // A concurrent retry with this key may have just bought the hold.
      const again = await this.replay(user.userId, key, hash);
      if (again) return again;
      throw storeFailure(claimed.code, claimed.seatIds);
    }
    let hold = claimed.hold;
    const payments = this.deps.payments;
    if (payments) {
      // The hold stays claimed while the payer is at the provider, and a bounded grace after it ends.
      const payBy = hold.expiresAt + this.deps.paymentGraceMs;
      const again = await this.deps
        .store()
        .claim(tripId, body.holdId, user.userId, Math.max(1_000, payBy - Date.now()), window);
      this.deps.sink.publish(again.effects);
      if (!again.ok) throw storeFailure(again.code, again.seatIds);
      hold = again.hold;
    }
    const named = new Set(body.passengers.map((p) => p.seatId));
    if (named.size !== hold.seatIds.length || hold.seatIds.some((s) => !named.has(s))) {
      throw new AppError(
        ErrorCode.VALIDATION,
        `passengers: name exactly the held seats (${hold.seatIds.join(', ')})`,
      );
    }

    const info = await this.deps.catalog.getTrip(tripId);
    const fares = await this.deps.catalog.faresFor(info.trip.trainNumber);
    const fromIdx = info.stationIndex.get(hold.from)!;
    const toIdx = info.stationIndex.get(hold.to)!;
    const km = info.kmAt[toIdx]! - info.kmAt[fromIdx]!;
    const tickets = body.passengers.map((p) => {
      const cls = info.seatById.get(p.seatId)!.seat.class;
      return { seatId: p.seatId, passengerName: p.name.trim(), fareMinor: fareOf(fares.get(cls), km) };
    });
    const currency = fares.values().next().value?.currency ?? 'BDT';

    let row: OrderRow;
    try {
      row = await this.deps.batcher.submit({
        userId: user.userId,
        tripId,
        fromIdx,
        toIdx,
        totalMinor: tickets.reduce((s, t) => s + t.fareMinor, 0),
        currency,
        idempotencyKey: key,
        requestHash: hash,
        holdId: hold.holdId,
        capKey: capKeyOf(user),
        ...(payments ? { payBy: new Date(hold.expiresAt + this.deps.paymentGraceMs) } : {}),
        tickets,
      });
    } catch (err) {
      const code = pgCode(err);
      if (code === PgCode.uniqueViolation) {
        const again =
          (await this.replay(user.userId, key, hash)) ?? (await this.pendingOfHold(user, hold.holdId));
        if (again) return again;
      }
      if (code === PgCode.exclusionViolation) {
        // The cache let a hold through that Postgres knows is sold: the fence did its job.
        this.deps.log.warn({ tripId, holdId: hold.holdId }, 'purchase refused by the double-sale constraint');
        this.deps.metrics.orders.inc({ outcome: 'fenced' });
        throw new AppError(
          ErrorCode.SEAT_TAKEN,
          'a seat was already sold for an overlapping journey',
          hold.seatIds,
        );
      }
      this.deps.metrics.orders.inc({ outcome: 'error' });
      if (isDatabaseDown(err)) throw unavailable('the order database');
      throw err;
    }
    // The tickets are exactly what was just written: no need to read them back.
    const written: TicketRow[] = tickets
      .map((t) => ({
        order_id: row.id,
        seat_id: t.seatId,
        passenger_name: t.passengerName,
        fare_minor: t.fareMinor,
      }))
      .sort((a, b) => (a.seat_id < b.seat_id ? -1 : a.seat_id > b.seat_id ? 1 : 0));
    if (payments) {
      this.deps.metrics.orders.inc({ outcome: 'pending' });
      return { ...(await this.toOrder(row, written)), payment: await payments.begin(row) };
    }
    this.deps.metrics.orders.inc({ outcome: 'confirmed' });
    const order = await this.toOrder(row, written);
    this.deps.onConfirmed?.(order, { email: row.buyer_email ?? null, phone: row.buyer_phone ?? null });
    if (row.outbox_id) {
      await this.deps.outbox.apply({
        id: String(row.outbox_id),
        tripId,
        kind: 'confirm',
        orderId: row.id,
        holdId: hold.holdId,
        capKey: capKeyOf(user),
        mask: hold.mask,
        seatIds: hold.seatIds,
      });
    }
    return order;
  }

  /** A second checkout of a hold whose payment is in flight finds that order. */
  private async pendingOfHold(user: Principal, holdId: string): Promise<Order | null> {
    const row = await this.deps.repo.pendingOfHold(holdId);
    if (!row || row.user_id !== user.userId) return null;
    return this.withPayment(row, await this.deps.repo.ticketsOf([row.id]));
  }

  /** Any order, for staff (callers check the role). */
  async view(orderId: string): Promise<Order> {
    const row = await this.deps.repo.findById(orderId).catch(() => undefined);
    if (!row) throw notFound('order');
    return this.withPayment(row, await this.deps.repo.ticketsOf([orderId]));
  }

  async get(user: Principal, orderId: string): Promise<Order> {
    const row = await this.owned(user, orderId);
    return this.withPayment(row, await this.deps.repo.ticketsOf([orderId]));
  }

  private async withPayment(row: OrderRow, tickets: TicketRow[], payment?: PaymentRow): Promise<Order> {
    const order = await this.toOrder(row, tickets);
    const payments = this.deps.payments;
    const p = payment ?? (payments ? await payments.paymentOf(row.id) : undefined);
    return p && payments ? { ...order, payment: payments.view(row, p) } : order;
  }

  async list(user: Principal): Promise<Order[]> {
    const rows = await this.deps.repo.listByUser(user.userId);
    const tickets = await this.deps.repo.ticketsOf(rows.map((r) => r.id));
    const payments = this.deps.payments ? await this.deps.repo.paymentsOf(rows.map((r) => r.id)) : [];
    return Promise.all(
      rows.map((r) =>
        this.withPayment(
          r,
          tickets,
          payments.find((p) => p.order_id === r.id),
        ),
      ),
    );
  }

  /**
   * Cancels the whole order, or the passengers of `seatIds`: refused once the train has left; the
   * refund follows the fee schedule and goes back through the provider; the seats come free live.
   */
  async cancel(
    user: Principal,
    orderId: string,
    seatIds?: string[],
    opts: { byRailway?: boolean } = {},
  ): Promise<Order> {
    const row = await this.owned(user, orderId);
    if (row.status === 'confirmed') {
      const info = await this.deps.catalog.getTrip(row.trip_id);
      const departs = info.trip.stops[row.from_idx]?.departsAt;
      const now = new Date();
      const fees = this.deps.feeSchedule;
      // Refused after departure; refunds only where money was taken (PAYMENTS=off refunds nothing).
      // The railway cancelling the trip (admin/trip-cancellation.ts) refunds every fare in full, at any time.
      const priced = (fare: number) =>
        departs && !opts.byRailway ? refundOf(fare, new Date(departs), now, fees) : fare;
      if (departs) priced(0);
      if (seatIds) {
        const held = new Set((await this.deps.repo.ticketsOf([orderId])).map((t) => t.seat_id));
        const unknown = seatIds.filter((s) => !held.has(s));
        if (unknown.length > 0)
          throw new AppError(ErrorCode.NOT_FOUND, 'no such ticket in this order', unknown);
      }
      const done = await this.deps.repo.cancelTickets(orderId, seatIds ?? null, priced, capKeyOf(user));
      if (done) {
        await this.deps.outbox.apply(done.op);
        const payment = this.deps.payments ? await this.deps.payments.paymentOf(orderId) : undefined;
        if (payment && payment.status === 'captured' && this.deps.payments)
          await this.deps.payments.refund(payment, done.refundMinor, 'cancel');
      }
    }
    const fresh = (await this.deps.repo.findById(orderId))!;
    return this.withPayment(fresh, await this.deps.repo.ticketsOf([orderId]));
  }

  private async owned(user: Principal, orderId: string): Promise<OrderRow> {
    const row = await this.deps.repo.findById(orderId).catch((err) => {
      // A malformed uuid cannot name an order.
      if (pgCode(err) === '22P02') return undefined;
      throw err;
    });
    if (!row) throw notFound('order');
    if (row.user_id !== user.userId)
      throw new AppError(ErrorCode.FORBIDDEN, 'this order belongs to another user');
    return row;
  }

  private async replay(userId: string, key: string, hash: string): Promise<Order | null> {
    const existing = await this.deps.repo.findByKey(userId, key);
    if (!existing) return null;
    if (existing.request_hash !== hash) {
      throw new AppError(
        ErrorCode.IDEMPOTENCY_CONFLICT,
        'this Idempotency-Key was already used with a different request',
      );
    }
    return this.withPayment(existing, await this.deps.repo.ticketsOf([existing.id]));
  }

  private async toOrder(row: OrderRow, tickets: TicketRow[]): Promise<Order> {
    const info = await this.deps.catalog.findTrip(row.trip_id);
    const stops = info?.trip.stops ?? [];
    return {
      id: row.id,
      pnr: row.pnr,
      tripId: row.trip_id,
      from: stops[row.from_idx]?.station ?? '',
      to: stops[row.to_idx]?.station ?? '',
      status: row.status,
      total: row.total_minor,
      currency: row.currency,
      tickets: await Promise.all(
        tickets
          .filter((t) => t.order_id === row.id)
          .map(async (t) => {
            const seat = info?.seatById.get(t.seat_id);
            const live = row.status === 'confirmed' && t.active !== false;
            return {
              seatId: t.seat_id,
              passengerName: t.passenger_name,
              fare: t.fare_minor,
              ...(seat ? { coach: seat.coach.code, class: seat.seat.class } : {}),
              ...(t.cancelled_at ? { cancelled: true, refund: t.refund_minor ?? 0 } : {}),
              ...(t.boarded_at
                ? { boardedAt: t.boarded_at.toISOString(), boardedGate: t.boarded_gate ?? null }
                : {}),
              ...(live ? { qr: await this.deps.tickets.qrOf(row, t) } : {}),
            };
          }),
      ),
      createdAt: row.created_at.toISOString(),
      trainName: info?.trip.trainName,
      ...(info?.trip.trainNameBn ? { trainNameBn: info.trip.trainNameBn } : {}),
      trainNumber: info?.trip.trainNumber,
      date: info?.trip.date,
      departsAt: stops[row.from_idx]?.departsAt ?? null,
      arrivesAt: stops[row.to_idx]?.arrivesAt ?? null,
      ...(row.refunded_minor ? { refunded: row.refunded_minor } : {}),
      ...(row.paid_at ? { paidAt: row.paid_at.toISOString() } : {}),
    };
  }
}
