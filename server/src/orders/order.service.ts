import { createHash } from 'node:crypto';
import { ErrorCode, type Order, type OrderRequest, legMask } from '@fastpass/shared';
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
import type { OrderRow, OrdersRepo, TicketRow } from './orders.repo';
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
    const hold = claimed.hold;
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
        tickets,
      });
    } catch (err) {
      const code = pgCode(err);
      if (code === PgCode.uniqueViolation) {
        const again = await this.replay(user.userId, key, hash);
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
    this.deps.metrics.orders.inc({ outcome: 'confirmed' });
    await this.confirmInCache(tripId, hold.holdId, capKeyOf(user), hold.mask, hold.seatIds);
    // The tickets are exactly what was just written: no need to read them back.
    const written: TicketRow[] = tickets
      .map((t) => ({
        order_id: row.id,
        seat_id: t.seatId,
        passenger_name: t.passengerName,
        fare_minor: t.fareMinor,
      }))
      .sort((a, b) => (a.seat_id < b.seat_id ? -1 : a.seat_id > b.seat_id ? 1 : 0));
    return this.toOrder(row, written);
  }

  async list(user: Principal): Promise<Order[]> {
    const rows = await this.deps.repo.listByUser(user.userId);
    const tickets = await this.deps.repo.ticketsOf(rows.map((r) => r.id));
    return Promise.all(rows.map((r) => this.toOrder(r, tickets)));
  }

  async cancel(user: Principal, orderId: string): Promise<Order> {
    const row = await this.deps.repo.findById(orderId).catch((err) => {
      // A malformed uuid cannot name an order.
      if (pgCode(err) === '22P02') return undefined;
      throw err;
    });
    if (!row) throw notFound('order');
    if (row.user_id !== user.userId)
      throw new AppError(ErrorCode.FORBIDDEN, 'this order belongs to another user');
    if (await this.deps.repo.cancel(orderId)) {
      const tickets = await this.deps.repo.ticketsOf([orderId]);
      const mask = legMask(row.from_idx, row.to_idx);
      const r = await this.deps.store().unsell(
        row.trip_id,
        capKeyOf(user),
        mask,
        tickets.map((t) => t.seat_id),
      );
      this.deps.sink.publish(r.effects);
    }
    const fresh = (await this.deps.repo.findById(orderId))!;
    return this.toOrder(fresh, await this.deps.repo.ticketsOf([orderId]));
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
    return this.toOrder(existing, await this.deps.repo.ticketsOf([existing.id]));
  }

  /** Postgres has committed; the cache must learn it even if Redis hiccups, so retry briefly. */
  private async confirmInCache(
    tripId: string,
    holdId: string,
    capKey: string,
    mask: number,
    seatIds: string[],
  ) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const r = await this.deps.store().confirm(tripId, holdId, capKey, mask, seatIds);
        this.deps.sink.publish(r.effects);
        return;
      } catch (err) {
        this.deps.log.warn({ err: String(err), tripId, holdId }, 'confirm in cache failed; retrying');
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
    this.deps.log.error(
      { tripId, holdId },
      'sold legs not recorded in the cache; Postgres still fences them',
    );
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
      tickets: tickets
        .filter((t) => t.order_id === row.id)
        .map((t) => {
          const seat = info?.seatById.get(t.seat_id);
          return {
            seatId: t.seat_id,
            passengerName: t.passenger_name,
            fare: t.fare_minor,
            ...(seat ? { coach: seat.coach.code, class: seat.seat.class } : {}),
          };
        }),
      createdAt: row.created_at.toISOString(),
      trainName: info?.trip.trainName,
      trainNumber: info?.trip.trainNumber,
      date: info?.trip.date,
      departsAt: stops[row.from_idx]?.departsAt ?? null,
      arrivesAt: stops[row.to_idx]?.arrivesAt ?? null,
    };
  }
}
