import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { HoldStore, StoreResult } from '../src/booking/hold-store';
import { PgHoldStore } from '../src/booking/postgres/pg-hold-store';
import { RedisHoldStore } from '../src/booking/redis/redis-hold-store';
import { TripStateRepo } from '../src/booking/trip-state.repo';
import { createDb } from '../src/infra/db';
import { createRedis } from '../src/infra/redis';
import {
  Fixtures,
  type TestTrip,
  holdCmd,
  legs,
  occupancy,
  openWindow,
  requiredEnv,
  sleep,
} from './store-contract/fixtures';

/*
 * Model-based property test of the hold stores: random sequences of hold / release / extend / expire /
 * purchase / cancel by three passengers on four seats of a fresh trip, run against a plain in-memory model
 * of the rules. After every step the store's answer matches the model's, and so does every seat's held
 * and sold legs. Both stores (Redis Lua, Postgres) are held to the same model.
 */

const db = createDb(requiredEnv('DATABASE_URL'));
const redis = createRedis(requiredEnv('REDIS_URL'), 'store-model-test');
const fx = new Fixtures(db, redis);
const tripState = new TripStateRepo(db);
const MAX_SEATS = 3;
const SEATS = 4;
const USERS = 3;

afterAll(async () => {
  await fx.cleanup();
  redis.disconnect();
  await db.destroy();
});

interface ModelHold {
  id: string;
  user: number;
  seats: number[];
  from: number;
  to: number;
  extended: boolean;
  state: 'live' | 'ended';
}
interface ModelOrder {
  id: string;
  user: number;
  seats: number[];
  from: number;
  to: number;
  cancelled: boolean;
}
interface Model {
  holds: ModelHold[];
  orders: ModelOrder[];
}
interface Real {
  store: HoldStore;
  trip: TestTrip;
  users: string[];
}

const mask = (h: { from: number; to: number }) => legs(h.from, h.to);
const seatsOfUser = (m: Model, u: number) =>
  m.holds.filter((h) => h.user === u && h.state === 'live').reduce((n, h) => n + h.seats.length, 0) +
  m.orders.filter((o) => o.user === u && !o.cancelled).reduce((n, o) => n + o.seats.length, 0);
const heldMask = (m: Model, seat: number) =>
  m.holds.filter((h) => h.state === 'live' && h.seats.includes(seat)).reduce((a, h) => a | mask(h), 0);
const soldMask = (m: Model, seat: number) =>
  m.orders.filter((o) => !o.cancelled && o.seats.includes(seat)).reduce((a, o) => a | mask(o), 0);

function outcome(r: StoreResult): string {
  return r.ok ? 'ok' : r.code;
}

async function checkOccupancy(m: Model, r: Real): Promise<void> {
  const occ = await occupancy(r.store, r.trip.id);
  for (let s = 0; s < SEATS; s++) {
    expect(occ.of(r.trip.seats[s]!), `seat ${s}`).toEqual({ held: heldMask(m, s), sold: soldMask(m, s) });
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

class Hold implements Cmd {
  constructor(
    readonly user: number,
    readonly seats: number[],
    readonly from: number,
    readonly to: number,
    readonly ttlMs = 600_000,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const cmd = holdCmd(
      r.trip,
      r.users[this.user]!,
      this.seats.map((s) => r.trip.seats[s]!),
      this.from,
      this.to,
      {
        ttlMs: this.ttlMs,
        maxSeats: MAX_SEATS,
      },
    );
    const want = mask(this);
    const expected =
      seatsOfUser(m, this.user) + this.seats.length > MAX_SEATS
        ? 'LIMIT_EXCEEDED'
        : this.seats.some((s) => ((heldMask(m, s) | soldMask(m, s)) & want) !== 0)
          ? 'SEAT_TAKEN'
          : 'ok';
    const got = await r.store.hold(cmd);
    expect(outcome(got), this.toString()).toBe(expected);
    if (got.ok) {
      m.holds.push({
        id: cmd.holdId,
        user: this.user,
        seats: this.seats,
        from: this.from,
        to: this.to,
        extended: false,
        state: 'live',
      });
    }
    if (got.ok && this.ttlMs < 1000) {
      // The expiry step: wait the hold out, sweep, and the store reports it expired.
      await sleep(this.ttlMs + 60);
      const swept = await r.store.expireDue(r.trip.id);
      expect(swept.effects.expired.map((e) => e.holdId)).toContain(cmd.holdId);
      m.holds.at(-1)!.state = 'ended';
    }
    await checkOccupancy(m, r);
  }
  toString = () =>
    `hold(u${this.user}, [${this.seats}], ${this.from}→${this.to}${this.ttlMs < 1000 ? ', expiring' : ''})`;
}

/** Acts on the i-th hold ever made (mod count), by `user` (maybe not its owner). */
abstract class OnHold implements Cmd {
  constructor(
    readonly pick: number,
    readonly user: number,
  ) {}
  check = (m: Readonly<Model>) => m.holds.length > 0;
  protected target(m: Model) {
    return m.holds[this.pick % m.holds.length]!;
  }
  protected expectedFor(h: ModelHold): string {
    // Contract precedence: FORBIDDEN (someone else's hold) comes before HOLD_EXPIRED.
    if (h.user !== this.user) return 'FORBIDDEN';
    if (h.state === 'ended') return 'HOLD_EXPIRED';
    return 'ok';
  }
  abstract run(m: Model, r: Real): Promise<void>;
}

class Release extends OnHold {
  override async run(m: Model, r: Real) {
    const h = this.target(m);
    const expected = this.expectedFor(h);
    expect(outcome(await r.store.release(r.trip.id, h.id, r.users[this.user]!)), this.toString()).toBe(
      expected,
    );
    if (expected === 'ok') h.state = 'ended';
    await checkOccupancy(m, r);
  }
  override toString = () => `release(#${this.pick}, u${this.user})`;
}

class Extend extends OnHold {
  override async run(m: Model, r: Real) {
    const h = this.target(m);
    let expected = this.expectedFor(h);
    if (expected === 'ok' && h.extended) expected = 'LIMIT_EXCEEDED';
    const got = await r.store.extend(r.trip.id, h.id, r.users[this.user]!, 600_000, openWindow(r.trip));
    expect(outcome(got), this.toString()).toBe(expected);
    if (expected === 'ok') h.extended = true;
    await checkOccupancy(m, r);
  }
  override toString = () => `extend(#${this.pick}, u${this.user})`;
}

/** What the order service does: claim the hold, commit the order in Postgres, confirm in the store. */
class Purchase extends OnHold {
  override async run(m: Model, r: Real) {
    const h = this.target(m);
    const expected = this.expectedFor(h);
    const userId = r.users[this.user]!;
    const claimed = await r.store.claim(r.trip.id, h.id, userId, 30_000, openWindow(r.trip));
    expect(outcome(claimed), this.toString()).toBe(expected);
    if (!claimed.ok) return checkOccupancy(m, r);
    const seatIds = h.seats.map((s) => r.trip.seats[s]!);
    const order = await fx.buy(r.trip, userId, h.id, seatIds, h.from, h.to);
    expect(outcome(await r.store.confirm(r.trip.id, h.id, userId, mask(h), seatIds))).toBe('ok');
    h.state = 'ended';
    m.orders.push({ id: order.id, user: h.user, seats: h.seats, from: h.from, to: h.to, cancelled: false });
    await checkOccupancy(m, r);
  }
  override toString = () => `purchase(#${this.pick}, u${this.user})`;
}

class Cancel implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.orders.some((o) => !o.cancelled);
  async run(m: Model, r: Real) {
    const live = m.orders.filter((o) => !o.cancelled);
    const o = live[this.pick % live.length]!;
    expect(await fx.orders.cancelTickets(o.id, null, (fare) => fare, r.users[o.user]!)).not.toBeNull();
    const seatIds = o.seats.map((s) => r.trip.seats[s]!);
    expect(outcome(await r.store.unsell(r.trip.id, r.users[o.user]!, mask(o), seatIds))).toBe('ok');
    o.cancelled = true;
    await checkOccupancy(m, r);
  }
  toString = () => `cancel(#${this.pick})`;
}

const user = fc.integer({ min: 0, max: USERS - 1 });
const journey = fc
  .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 }))
  .map(([from, len]) => [from, from + len] as const);
const seats = fc.uniqueArray(fc.integer({ min: 0, max: SEATS - 1 }), { minLength: 1, maxLength: 2 });
const commands = fc.commands(
  [
    fc.tuple(user, seats, journey).map(([u, s, [f, t]]) => new Hold(u, s, f, t)),
    fc.tuple(user, seats, journey).map(([u, s, [f, t]]) => new Hold(u, s, f, t, 150)),
    fc.tuple(fc.nat(), user).map(([p, u]) => new Release(p, u)),
    fc.tuple(fc.nat(), user).map(([p, u]) => new Extend(p, u)),
    fc.tuple(fc.nat(), user).map(([p, u]) => new Purchase(p, u)),
    fc.nat().map((p) => new Cancel(p)),
  ],
  { maxCommands: 30 },
);

const stores: Array<[string, () => HoldStore]> = [
  ['redis', () => new RedisHoldStore(redis, tripState.load)],
  ['postgres', () => new PgHoldStore(db)],
];

describe.each(stores)('%s hold store against the model', (_name, makeStore) => {
  it('agrees with the model after every step of random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const trip = await fx.trip();
        const users = await Promise.all(Array.from({ length: USERS }, () => fx.user()));
        await fc.asyncModelRun(
          () => ({ model: { holds: [], orders: [] }, real: { store: makeStore(), trip, users } }),
          cmds,
        );
      }),
      {
        numRuns: Number(process.env.MODEL_RUNS ?? 40),
        seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
      },
    );
  }, 600_000);
});
