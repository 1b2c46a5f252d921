import { randomBytes } from 'node:crypto';
import { legMask } from '@fastpass/shared';
import { insertTrip } from '../../../db/trips';
import type { HoldCommand, HoldStore, SaleWindow, StoreResult } from '../../src/booking/hold-store';
import { newHoldId } from '../../src/booking/hold-id';
import { tripKeys } from '../../src/booking/redis/redis-hold-store';
import type { Db } from '../../src/infra/db';
import type { RedisClient, RedisTarget } from '../../src/infra/redis';
import { type NewOrder, OrdersRepo } from '../../src/orders/orders.repo';
import { NO_END } from '../../src/sales/sale';

export function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} must be set: these tests run against real Postgres and Redis`);
  return v;
}

/** The Redis the suites use: the cluster when `REDIS_CLUSTER_NODES` is set (see scripts/test.mjs). */
export function testRedisTarget(): RedisTarget {
  const nodes = process.env.REDIS_CLUSTER_NODES;
  return nodes ? { clusterNodes: nodes.split(',') } : { url: requiredEnv('REDIS_URL') };
}

/** A trip of one train: its station codes (index = stop) and some of its seat ids. */
export interface TestTrip {
  id: string;
  stations: string[];
  seats: string[];
}

/** Everything created by a suite, removed at its end. */
export class Fixtures {
  private readonly trips: string[] = [];
  private readonly users: string[] = [];
  readonly orders: OrdersRepo;

  constructor(
    readonly db: Db,
    private readonly redis: RedisClient,
  ) {
    this.orders = new OrdersRepo(db);
  }

  /**
   * A fresh trip of train 703 on a random far-future date (the (train, date) pair is unique), made by
   * the shared trip factory (db/trips.ts), so no other test or user ever touches its seats.
   */
  async trip(trainNumber = '703'): Promise<TestTrip> {
    const { id, trainId } = await insertTrip(this.db, { trainNumber });
    this.trips.push(id);
    const stations = await this.db('trip_stops').where({ trip_id: id }).orderBy('idx').pluck('station_code');
    const seats = await this.db('seats')
      .where({ train_id: trainId })
      .orderBy(['coach_code', 'row', 'col'])
      .pluck('id');
    return { id, stations, seats };
  }

  /** A real user row: tickets reference users. */
  async user(): Promise<string> {
    const [row] = await this.db('users')
      .insert({ name: 'store contract', guest: true })
      .returning<Array<{ id: string }>>('id');
    this.users.push(row!.id);
    return row!.id;
  }

  /** What the order service commits before confirm: an order and its tickets for a hold's seats. */
  newOrder(
    trip: TestTrip,
    userId: string,
    holdId: string,
    seatIds: string[],
    from: number,
    to: number,
  ): NewOrder {
    return {
      userId,
      tripId: trip.id,
      fromIdx: from,
      toIdx: to,
      totalMinor: 100 * seatIds.length,
      currency: 'BDT',
      idempotencyKey: randomBytes(8).toString('hex'),
      requestHash: 'x',
      holdId,
      capKey: userId,
      tickets: seatIds.map((seatId) => ({ seatId, passengerName: 'P', fareMinor: 100 })),
    };
  }

  buy(trip: TestTrip, userId: string, holdId: string, seatIds: string[], from: number, to: number) {
    return this.orders.insert(this.newOrder(trip, userId, holdId, seatIds, from, to));
  }

  async cleanup(): Promise<void> {
    if (this.trips.length > 0) {
      await this.db('tickets').whereIn('trip_id', this.trips).delete();
      await this.db('orders').whereIn('trip_id', this.trips).delete();
      // holds, hold_seats, trip_versions and trip_stops go with their trip.
      await this.db('trips').whereIn('id', this.trips).delete();
      // One DEL per trip: a command may not span cluster slots.
      await Promise.all(this.trips.map((t) => this.redis.del(...tripKeys(t))));
    }
    if (this.users.length > 0) await this.db('users').whereIn('id', this.users).delete();
  }
}

/** Leg mask of the journey from stop `from` to stop `to`. */
export const legs = (from: number, to: number): number => legMask(from, to);

/** A hold command with the suite's defaults (10 min ttl, 4 seats per user). */
export function holdCmd(
  trip: TestTrip,
  userId: string,
  seatIds: string[],
  from: number,
  to: number,
  opts: { ttlMs?: number; maxSeats?: number; capKey?: string; window?: SaleWindow } = {},
): HoldCommand {
  return {
    tripId: trip.id,
    holdId: newHoldId(trip.id),
    userId,
    capKey: opts.capKey ?? userId,
    window: opts.window ?? openWindow(trip),
    seatIds,
    mask: legs(from, to),
    from: trip.stations[from]!,
    to: trip.stations[to]!,
    ttlMs: opts.ttlMs ?? 600_000,
    maxSeats: opts.maxSeats ?? 4,
  };
}

/** A window open from every stop of the trip, from the epoch to far beyond any departure. */
export function openWindow(trip: TestTrip): SaleWindow {
  return { opensAt: 0, closesAt: Object.fromEntries(trip.stations.map((s) => [s, NO_END])) };
}

/** Held and sold masks of each seat as the store's snapshot shows them (absent = free). */
export async function occupancy(
  store: HoldStore,
  tripId: string,
): Promise<{ version: number; of: (seatId: string) => { held: number; sold: number } }> {
  const snap = await store.snapshot(tripId);
  if (!snap.ok) throw new Error(`snapshot failed: ${snap.code}`);
  const map = new Map(snap.seats.map((s) => [s.id, { held: s.held, sold: s.sold }]));
  return { version: snap.effects.version, of: (id) => map.get(id) ?? { held: 0, sold: 0 } };
}

/** The changed entry of a seat in a result's effects, without v (checked separately). */
export function changedOf(result: StoreResult, seatId: string): { held: number; sold: number } | undefined {
  const e = result.effects.changed.find((c) => c.id === seatId);
  return e && { held: e.held, sold: e.sold };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
