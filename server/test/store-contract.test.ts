import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { HoldStore, StoreResult } from '../src/booking/hold-store';
import { PgHoldStore } from '../src/booking/postgres/pg-hold-store';
import { RedisHoldStore, tripKeys } from '../src/booking/redis/redis-hold-store';
import { TripStateRepo } from '../src/booking/trip-state.repo';
import { PgCode, createDb, pgCode } from '../src/infra/db';
import { createRedis } from '../src/infra/redis';
import { NO_END } from '../src/sales/sale';
import {
  Fixtures,
  type TestTrip,
  changedOf,
  holdCmd,
  legs,
  openWindow as open,
  occupancy,
  requiredEnv,
  testRedisTarget,
  sleep,
} from './store-contract/fixtures';

/*
 * One behavioural suite for every HoldStore, run against real Postgres and Redis: whatever mode the
 * server is in, a seat is decided by the same rules. Each test gets a trip of its own.
 */

const db = createDb(requiredEnv('DATABASE_URL'));
const redis = createRedis(testRedisTarget(), 'store-contract-test');
const fx = new Fixtures(db, redis);
const tripState = new TripStateRepo(db);

afterAll(async () => {
  await fx.cleanup();
  redis.disconnect();
  await db.destroy();
});

/**
 * Long enough that a loaded CI machine finishes the calls meant to happen before expiry, short
 * enough to wait out.
 */
const SHORT_TTL = 1000;

const implementations: Array<[string, () => HoldStore]> = [
  ['redis', () => new RedisHoldStore(redis, tripState.load)],
  ['postgres', () => new PgHoldStore(db)],
];

function expectOk<T extends object>(r: StoreResult<T>): asserts r is StoreResult<T> & { ok: true } & T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}${r.seatIds ? ` (${r.seatIds.join(',')})` : ''}`);
}

describe.each(implementations)('%s hold store', (_name, makeStore) => {
  let store: HoldStore;
  let trip: TestTrip;
  let alice: string;
  let bob: string;
  const seat = (i: number) => trip.seats[i]!;

  beforeEach(async () => {
    store = makeStore();
    trip = await fx.trip();
    [alice, bob] = await Promise.all([fx.user(), fx.user()]);
  });

  it('holds a seat for a journey and reports it in effects and snapshots', async () => {
    const before = Date.now();
    const r = await store.hold(holdCmd(trip, alice, [seat(0)], 0, 9, { ttlMs: 60_000 }));
    expectOk(r);
    expect(r.expiresAt).toBeGreaterThanOrEqual(before + 60_000 - 50);
    expect(r.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000 + 50);
    expect(r.effects.tripId).toBe(trip.id);
    // Versions start at a time floor (epoch ms × 1000) so they never go back after a cache loss.
    expect(r.effects.version).toBeGreaterThanOrEqual((before - 1000) * 1000);
    expect(r.effects.changed).toEqual([{ id: seat(0), held: legs(0, 9), sold: 0, v: r.effects.version }]);
    expect(r.effects.expired).toEqual([]);

    const snap = await occupancy(store, trip.id);
    expect(snap.of(seat(0))).toEqual({ held: legs(0, 9), sold: 0 });
    expect(snap.of(seat(1))).toEqual({ held: 0, sold: 0 });
    expect(snap.version).toBe(r.effects.version);
  });

  it('lets adjacent journeys share a seat and refuses overlapping ones', async () => {
    expectOk(await store.hold(holdCmd(trip, alice, [seat(0)], 0, 3)));
    // BBT is where the first journey ends and the second begins.
    expectOk(await store.hold(holdCmd(trip, bob, [seat(0)], 3, 6)));
    const carol = await fx.user();
    const overlap = await store.hold(holdCmd(trip, carol, [seat(0)], 2, 4));
    expect(overlap).toMatchObject({ ok: false, code: 'SEAT_TAKEN', seatIds: [seat(0)] });
    expect(overlap.effects.changed).toEqual([]);
    const inside = await store.hold(holdCmd(trip, carol, [seat(0)], 4, 5));
    expect(inside).toMatchObject({ ok: false, code: 'SEAT_TAKEN' });
    expectOk(await store.hold(holdCmd(trip, carol, [seat(0)], 6, 9)));

    const snap = await occupancy(store, trip.id);
    expect(snap.of(seat(0)).held).toBe(legs(0, 9));
  });

  it('holds all requested seats or none, listing every conflicting seat', async () => {
    expectOk(await store.hold(holdCmd(trip, alice, [seat(1), seat(3)], 2, 5)));
    const r = await store.hold(holdCmd(trip, bob, [seat(0), seat(1), seat(2), seat(3)], 4, 8));
    expect(r).toMatchObject({ ok: false, code: 'SEAT_TAKEN' });
    if (r.ok) return;
    expect(r.seatIds).toEqual([seat(1), seat(3)]);
    expect(r.effects.changed).toEqual([]);

    const snap = await occupancy(store, trip.id);
    expect(snap.of(seat(0))).toEqual({ held: 0, sold: 0 });
    expect(snap.of(seat(2))).toEqual({ held: 0, sold: 0 });
    expect(snap.of(seat(1)).held).toBe(legs(2, 5));
    // The loser holds nothing, so the free seats are still there for the journey.
    expectOk(await store.hold(holdCmd(trip, bob, [seat(0), seat(2)], 4, 8)));
  });

  it('caps the seats a user holds or bought on a trip, before looking at availability', async () => {
    expectOk(await store.hold(holdCmd(trip, alice, [seat(0), seat(1), seat(2)], 0, 2)));
    expect(await store.hold(holdCmd(trip, alice, [seat(3), seat(4)], 0, 2))).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
    });
    // Over the cap and taken at once: the cap answers first.
    expectOk(await store.hold(holdCmd(trip, bob, [seat(5)], 0, 2)));
    expect(await store.hold(holdCmd(trip, alice, [seat(5), seat(6)], 0, 2))).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
    });
    const last = holdCmd(trip, alice, [seat(3)], 0, 2);
    expectOk(await store.hold(last));
    // Other trips and other users have allowances of their own.
    expectOk(await store.hold(holdCmd(trip, bob, [seat(6), seat(7), seat(8)], 0, 2)));

    // Buying keeps the seats counted; releasing gives them back.
    const big = holdCmd(trip, alice, [seat(9)], 0, 2, { maxSeats: 5 });
    expectOk(await store.hold(big));
    expectOk(await store.claim(trip.id, big.holdId, alice, 30_000, open(trip)));
    await fx.buy(trip, alice, big.holdId, [seat(9)], 0, 2);
    expectOk(await store.confirm(trip.id, big.holdId, alice, big.mask, [seat(9)]));
    expect(await store.hold(holdCmd(trip, alice, [seat(10)], 0, 2, { maxSeats: 5 }))).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
    });
    expectOk(await store.release(trip.id, last.holdId, alice));
    expectOk(await store.hold(holdCmd(trip, alice, [seat(10)], 0, 2, { maxSeats: 5 })));
  });

  it('refuses holds outside the sale window by its own clock and writes nothing', async () => {
    const before = await occupancy(store, trip.id);
    const at = (opensAt: number, closes: number) => ({
      opensAt,
      closesAt: Object.fromEntries(trip.stations.map((s) => [s, closes])),
    });
    const now = Date.now();
    // One second before the opening, and one second after the window closed.
    for (const window of [at(now + 1000, NO_END), at(0, now - 1000), { opensAt: 0, closesAt: {} }]) {
      const r = await store.hold(holdCmd(trip, alice, [seat(0)], 0, 3, { window }));
      expect(r).toMatchObject({ ok: false, code: 'SALE_CLOSED' });
      expect(r.effects.changed).toEqual([]);
      const best = await store.holdBest?.({
        ...holdCmd(trip, alice, [], 0, 3, { window }),
        count: 1,
        candidates: [`-|${seat(0)}|-`],
      });
      if (best) expect(best).toMatchObject({ ok: false, code: 'SALE_CLOSED' });
    }
    // The window is judged per `from` stop: stop 0 closed (cut off), stop 2 still open.
    const perStop = { opensAt: 0, closesAt: { ...open(trip).closesAt, [trip.stations[0]!]: now - 1 } };
    expect(await store.hold(holdCmd(trip, alice, [seat(0)], 0, 3, { window: perStop }))).toMatchObject({
      ok: false,
      code: 'SALE_CLOSED',
    });
    expectOk(await store.hold(holdCmd(trip, alice, [seat(0)], 2, 3, { window: perStop })));
    const after = await occupancy(store, trip.id);
    expect(after.of(seat(0))).toEqual({ held: legs(2, 3), sold: 0 });
    expect(before.of(seat(0))).toEqual({ held: 0, sold: 0 });

    // Opens one second from now: refused before, granted after.
    const soon = at(Date.now() + 1000, NO_END);
    expect(await store.hold(holdCmd(trip, bob, [seat(1)], 0, 3, { window: soon }))).toMatchObject({
      ok: false,
      code: 'SALE_CLOSED',
    });
    await sleep(1100);
    expectOk(await store.hold(holdCmd(trip, bob, [seat(1)], 0, 3, { window: soon })));
  });

  it('refuses to extend or claim a hold once the window closed, after ownership checks', async () => {
    const cmd = holdCmd(trip, alice, [seat(0)], 1, 4);
    expectOk(await store.hold(cmd));
    const closed = { opensAt: 0, closesAt: { ...open(trip).closesAt, [trip.stations[1]!]: Date.now() - 1 } };
    expect(await store.extend(trip.id, cmd.holdId, alice, 60_000, closed)).toMatchObject({
      ok: false,
      code: 'SALE_CLOSED',
    });
    expect(await store.claim(trip.id, cmd.holdId, alice, 30_000, closed)).toMatchObject({
      ok: false,
      code: 'SALE_CLOSED',
    });
    // FORBIDDEN and NOT_FOUND rank above SALE_CLOSED.
    expect(await store.claim(trip.id, cmd.holdId, bob, 30_000, closed)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await store.claim(trip.id, `${trip.id}~nope`, alice, 30_000, closed)).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    // Nothing was written: the hold is still live and unextended, and can be released.
    expect((await occupancy(store, trip.id)).of(seat(0)).held).toBe(legs(1, 4));
    const ext = await store.extend(trip.id, cmd.holdId, alice, 60_000, open(trip));
    expectOk(ext);
    expect(ext.hold.extended).toBe(true);
  });

  it('counts one allowance per verified identity across its accounts', async () => {
    const identity = `ph:test-${Math.random().toString(36).slice(2)}`;
    const carol = await fx.user();
    await fx.db('users').whereIn('id', [alice, bob]).update({ identity });
    const as = (user: string, seats: string[], o: { maxSeats?: number } = {}) =>
      holdCmd(trip, user, seats, 0, 2, { capKey: identity, ...o });
    expectOk(await store.hold(as(alice, [seat(0), seat(1)])));
    const bobs = as(bob, [seat(2)]);
    expectOk(await store.hold(bobs));
    expect(await store.hold(as(bob, [seat(3), seat(4)]))).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
    });
    // An unverified account has its own allowance.
    expectOk(await store.hold(holdCmd(trip, carol, [seat(5), seat(6), seat(7), seat(8)], 0, 2)));
    // Buying keeps the seats counted against the identity; releasing gives them back.
    expectOk(await store.claim(trip.id, bobs.holdId, bob, 30_000, open(trip)));
    await fx.buy(trip, bob, bobs.holdId, [seat(2)], 0, 2);
    expectOk(await store.confirm(trip.id, bobs.holdId, identity, bobs.mask, [seat(2)]));
    expect(await store.hold(as(alice, [seat(9), seat(10)]))).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
    });
    expectOk(await store.hold(as(alice, [seat(9)])));
  });

  it('lets only the owner release, claim or extend a hold', async () => {
    const cmd = holdCmd(trip, alice, [seat(0)], 0, 4);
    expectOk(await store.hold(cmd));
    expect(await store.release(trip.id, cmd.holdId, bob)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await store.claim(trip.id, cmd.holdId, bob, 30_000, open(trip))).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await store.extend(trip.id, cmd.holdId, bob, 60_000, open(trip))).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await store.release(trip.id, `${trip.id}~nope`, alice)).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await store.claim(trip.id, `${trip.id}~nope`, alice, 30_000, open(trip))).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    // Still held: the refusals changed nothing.
    expect((await occupancy(store, trip.id)).of(seat(0)).held).toBe(legs(0, 4));
  });

  it('releases a hold: the seat comes free once, visibly', async () => {
    const cmd = holdCmd(trip, alice, [seat(0), seat(1)], 1, 4);
    const h = await store.hold(cmd);
    expectOk(h);
    const r = await store.release(trip.id, cmd.holdId, alice);
    expectOk(r);
    expect(r.effects.version).toBeGreaterThan(h.effects.version);
    expect(r.effects.changed).toEqual([
      { id: seat(0), held: 0, sold: 0, v: r.effects.version },
      { id: seat(1), held: 0, sold: 0, v: r.effects.version },
    ]);
    expect(r.effects.expired).toEqual([]);
    expect(await store.release(trip.id, cmd.holdId, alice)).toMatchObject({
      ok: false,
      code: 'HOLD_EXPIRED',
    });
    expect(await store.claim(trip.id, cmd.holdId, alice, 30_000, open(trip))).toMatchObject({
      ok: false,
      code: 'HOLD_EXPIRED',
    });
    expectOk(await store.hold(holdCmd(trip, bob, [seat(0), seat(1)], 0, 9)));
  });

  it('never lets an expired hold block a seat, even before the sweeper runs', async () => {
    const cmd = holdCmd(trip, alice, [seat(0), seat(1)], 0, 5, { ttlMs: SHORT_TTL });
    expectOk(await store.hold(cmd));
    expect(await store.hold(holdCmd(trip, bob, [seat(1)], 4, 6))).toMatchObject({
      ok: false,
      code: 'SEAT_TAKEN',
    });
    await sleep(SHORT_TTL + 200);
    const r = await store.hold(holdCmd(trip, bob, [seat(1)], 4, 6));
    expectOk(r);
    // The expiry happened inside that decision and is reported with it, for the owner's sockets.
    expect(r.effects.expired).toEqual([{ holdId: cmd.holdId, userId: alice, seatIds: [seat(0), seat(1)] }]);
    expect(changedOf(r, seat(0))).toEqual({ held: 0, sold: 0 });
    expect(changedOf(r, seat(1))).toEqual({ held: legs(4, 6), sold: 0 });
    expect(await store.release(trip.id, cmd.holdId, alice)).toMatchObject({
      ok: false,
      code: 'HOLD_EXPIRED',
    });
    expect(await store.extend(trip.id, cmd.holdId, alice, SHORT_TTL, open(trip))).toMatchObject({
      ok: false,
      code: 'HOLD_EXPIRED',
    });
  });

  it('expires due holds in expireDue and reports them', async () => {
    const short = holdCmd(trip, alice, [seat(0)], 0, 5, { ttlMs: SHORT_TTL });
    const long = holdCmd(trip, bob, [seat(1)], 0, 5);
    expectOk(await store.hold(short));
    expectOk(await store.hold(long));
    const early = await store.expireDue(trip.id);
    expect(early).toMatchObject({ ok: true, active: 2 });
    expect(early.effects.expired).toEqual([]);
    expect(early.effects.changed).toEqual([]);

    await sleep(SHORT_TTL + 200);
    const r = await store.expireDue(trip.id);
    expectOk(r);
    expect(r.active).toBe(1);
    expect(r.effects.expired).toEqual([{ holdId: short.holdId, userId: alice, seatIds: [seat(0)] }]);
    expect(r.effects.changed).toEqual([{ id: seat(0), held: 0, sold: 0, v: r.effects.version }]);
    const again = await store.expireDue(trip.id);
    expect(again.effects.expired).toEqual([]);
    expect(again.effects.version).toBe(r.effects.version);

    const snap = await occupancy(store, trip.id);
    expect(snap.of(seat(0)).held).toBe(0);
    expect(snap.of(seat(1)).held).toBe(legs(0, 5));
  });

  it('claims, confirms (idempotently) and unsells a purchase', async () => {
    const cmd = holdCmd(trip, alice, [seat(0), seat(1)], 2, 6, { ttlMs: SHORT_TTL });
    expectOk(await store.hold(cmd));
    const c = await store.claim(trip.id, cmd.holdId, alice, 30_000, open(trip));
    expectOk(c);
    expect(c.hold).toMatchObject({
      holdId: cmd.holdId,
      tripId: trip.id,
      userId: alice,
      mask: legs(2, 6),
      from: trip.stations[2],
      to: trip.stations[6],
      seatIds: [seat(0), seat(1)],
      extended: false,
    });
    // Past its expiry, the paying grace keeps the hold alive.
    await sleep(SHORT_TTL + 200);
    expect(await store.hold(holdCmd(trip, bob, [seat(0)], 5, 7))).toMatchObject({
      ok: false,
      code: 'SEAT_TAKEN',
    });
    expect((await store.expireDue(trip.id)).effects.expired).toEqual([]);

    const order = await fx.buy(trip, alice, cmd.holdId, [seat(0), seat(1)], 2, 6);
    const done = await store.confirm(trip.id, cmd.holdId, alice, cmd.mask, [seat(0), seat(1)]);
    expectOk(done);
    expect(done.effects.changed).toEqual([
      { id: seat(0), held: 0, sold: legs(2, 6), v: done.effects.version },
      { id: seat(1), held: 0, sold: legs(2, 6), v: done.effects.version },
    ]);
    expect(done.effects.expired).toEqual([]);
    const twice = await store.confirm(trip.id, cmd.holdId, alice, cmd.mask, [seat(0), seat(1)]);
    expectOk(twice);
    expect(twice.effects.changed).toEqual([]);
    expect(twice.effects.version).toBe(done.effects.version);
    // Purchased: the hold is over for its owner too.
    expect(await store.release(trip.id, cmd.holdId, alice)).toMatchObject({
      ok: false,
      code: 'HOLD_EXPIRED',
    });
    expect(await store.hold(holdCmd(trip, bob, [seat(0)], 5, 7))).toMatchObject({
      ok: false,
      code: 'SEAT_TAKEN',
      seatIds: [seat(0)],
    });
    expectOk(await store.hold(holdCmd(trip, bob, [seat(0)], 6, 9)));

    await fx.orders.cancelTickets(order.id, null, (fare) => fare, alice);
    const un = await store.unsell(trip.id, alice, cmd.mask, [seat(0), seat(1)]);
    expectOk(un);
    expect(un.effects.changed).toEqual([
      { id: seat(0), held: legs(6, 9), sold: 0, v: un.effects.version },
      { id: seat(1), held: 0, sold: 0, v: un.effects.version },
    ]);
    expectOk(await store.hold(holdCmd(trip, bob, [seat(1)], 2, 6)));
  });

  it('refuses to claim an expired hold and confirms sold legs without a hold record', async () => {
    const cmd = holdCmd(trip, alice, [seat(0)], 0, 3, { ttlMs: 200 });
    expectOk(await store.hold(cmd));
    await sleep(350);
    const c = await store.claim(trip.id, cmd.holdId, alice, 30_000, open(trip));
    expect(c).toMatchObject({ ok: false, code: 'HOLD_EXPIRED' });
    expect(c.effects.expired.map((e) => e.holdId)).toEqual([cmd.holdId]);

    // Postgres committed the sale (say the cache lost the hold meanwhile): confirm still sells.
    const ghost = `${trip.id}~gone`;
    await fx.buy(trip, bob, ghost, [seat(2)], 1, 4);
    const r = await store.confirm(trip.id, ghost, bob, legs(1, 4), [seat(2)]);
    expectOk(r);
    expect(r.effects.changed).toEqual([{ id: seat(2), held: 0, sold: legs(1, 4), v: r.effects.version }]);
    expect((await occupancy(store, trip.id)).of(seat(2))).toEqual({ held: 0, sold: legs(1, 4) });
  });

  it('extends a hold once, capped at twice the ttl from its creation', async () => {
    // Wide margins on both sides of each deadline: a loaded machine stalls calls for hundreds of ms.
    const ttl = 4 * SHORT_TTL;
    const cmd = holdCmd(trip, alice, [seat(0)], 0, 2, { ttlMs: ttl });
    const h = await store.hold(cmd);
    expectOk(h);
    await sleep(1500);
    const e = await store.extend(trip.id, cmd.holdId, alice, ttl, open(trip));
    expectOk(e);
    expect(e.hold.extended).toBe(true);
    expect(e.hold.expiresAt).toBeGreaterThan(h.expiresAt);
    expect(e.hold.expiresAt).toBeLessThanOrEqual(e.hold.createdAt + 2 * ttl);
    expect(e.hold.createdAt).toBe(h.expiresAt - ttl);
    expect(e.effects.changed).toEqual([]);
    expect(await store.extend(trip.id, cmd.holdId, alice, ttl, open(trip))).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
    });
    // Still held past the original expiry.
    await sleep(h.expiresAt - Date.now() + 100);
    expect(await store.hold(holdCmd(trip, bob, [seat(0)], 1, 2))).toMatchObject({
      ok: false,
      code: 'SEAT_TAKEN',
    });
    const r = await store.claim(trip.id, cmd.holdId, alice, 30_000, open(trip));
    expectOk(r);
    expect(r.hold.expiresAt).toBe(e.hold.expiresAt);
  });

  it('keeps snapshots and versions consistent across a sequence of operations', async () => {
    const versions: number[] = [];
    const track = <T extends object>(r: StoreResult<T>) => {
      versions.push(r.effects.version);
      for (const c of r.effects.changed) expect(c.v).toBe(r.effects.version);
      return r;
    };
    const a = holdCmd(trip, alice, [seat(0), seat(1)], 0, 4);
    const b = holdCmd(trip, bob, [seat(1), seat(2)], 4, 9);
    expectOk(track(await store.hold(a)));
    expectOk(track(await store.hold(b)));
    track(await store.hold(holdCmd(trip, bob, [seat(0)], 3, 5)));
    expectOk(track(await store.release(trip.id, a.holdId, alice)));
    const c = holdCmd(trip, alice, [seat(0)], 2, 3);
    expectOk(track(await store.hold(c)));
    expectOk(track(await store.claim(trip.id, b.holdId, bob, 30_000, open(trip))));
    await fx.buy(trip, bob, b.holdId, [seat(1), seat(2)], 4, 9);
    expectOk(track(await store.confirm(trip.id, b.holdId, bob, b.mask, [seat(1), seat(2)])));

    for (let i = 1; i < versions.length; i++) expect(versions[i]!).toBeGreaterThanOrEqual(versions[i - 1]!);
    const snap = await occupancy(store, trip.id);
    expect(snap.version).toBe(versions.at(-1));
    expect(snap.of(seat(0))).toEqual({ held: legs(2, 3), sold: 0 });
    expect(snap.of(seat(1))).toEqual({ held: 0, sold: legs(4, 9) });
    expect(snap.of(seat(2))).toEqual({ held: 0, sold: legs(4, 9) });
    expect(snap.of(seat(3))).toEqual({ held: 0, sold: 0 });

    const full = await store.snapshot(trip.id);
    expectOk(full);
    for (const s of full.seats) expect(s.v ?? 0).toBeLessThanOrEqual(full.effects.version);
  });

  it('chooses and holds the best free group atomically (holdBest)', async () => {
    const [a, b, c, d] = [seat(0), seat(1), seat(2), seat(3)];
    // One row side A B C D: windows of two with their two neighbours on each side.
    const candidates = [`-,${a}|${b},${c}|${d},-`, `-,-|${a},${b}|${c},${d}`, `${a},${b}|${c},${d}|-,-`];
    const best = (userId: string, count: number, from: number, to: number) => {
      const { seatIds: _, ...base } = holdCmd(trip, userId, [], from, to);
      return store.holdBest!({ ...base, count, candidates });
    };
    // B,C would leave A and D alone: the next window without orphans wins.
    const first = await best(alice, 2, 0, 3);
    expectOk(first);
    expect(first.seatIds).toEqual([a, b]);
    expect(first.effects.changed.map((e) => e.id).sort()).toEqual([a, b].sort());
    expect((await occupancy(store, trip.id)).of(a).held).toBe(legs(0, 3));

    const carol = await fx.user();
    const second = await best(carol, 2, 2, 5);
    expectOk(second);
    expect(second.seatIds).toEqual([c, d]);
    expect(await best(bob, 2, 1, 4)).toMatchObject({ ok: false, code: 'SEAT_TAKEN' });
    // On a journey after theirs every seat is free again, so the orphan rule again prefers A,B.
    const later = await best(bob, 2, 5, 9);
    expectOk(later);
    expect(later.seatIds).toEqual([a, b]);
    expect(await best(bob, 3, 5, 9)).toMatchObject({ ok: false, code: 'LIMIT_EXCEEDED' });
  });

  it('gives one seat to exactly one of 30 concurrent holders', async () => {
    const users = await Promise.all(Array.from({ length: 30 }, () => fx.user()));
    // Warm the trip first: the race is about deciding, not about 30 callers loading a cold cache.
    expectOk(await store.snapshot(trip.id));
    const results = await Promise.all(users.map((u) => store.hold(holdCmd(trip, u, [seat(0)], 2, 7))));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok))
      expect(r).toMatchObject({ code: 'SEAT_TAKEN', seatIds: [seat(0)] });
    expect((await occupancy(store, trip.id)).of(seat(0)).held).toBe(legs(2, 7));
  });

  it('never lets concurrent multi-seat holders on crossing seats both win', async () => {
    const users = await Promise.all(Array.from({ length: 24 }, () => fx.user()));
    expectOk(await store.snapshot(trip.id));
    const pool = [seat(0), seat(1), seat(2), seat(3)];
    const requests = users.map((u, i) => {
      const seats = [pool[i % 4]!, pool[(i + 1 + (i % 3)) % 4]!];
      return holdCmd(trip, u, [...new Set(seats)], i % 2, 5 + (i % 3));
    });
    const results = await Promise.all(requests.map((cmd) => store.hold(cmd)));
    const held = new Map<string, number>();
    results.forEach((r, i) => {
      if (!r.ok) return;
      for (const s of requests[i]!.seatIds) {
        const m = held.get(s) ?? 0;
        expect(m & requests[i]!.mask).toBe(0);
        held.set(s, m | requests[i]!.mask);
      }
    });
    expect(results.some((r) => r.ok)).toBe(true);
    const snap = await occupancy(store, trip.id);
    for (const s of pool) expect(snap.of(s).held).toBe(held.get(s) ?? 0);
  });
});

describe('postgres hold store: database guarantees', () => {
  it('refuses two live holds of one seat on overlapping legs at the database level', async () => {
    const trip = await fx.trip();
    const u = await fx.user();
    const store = new PgHoldStore(db);
    const cmd = holdCmd(trip, u, [trip.seats[0]!], 0, 4);
    expectOk(await store.hold(cmd));
    const err = await db
      .transaction(async (trx) => {
        await trx('holds').insert({
          id: `${trip.id}~rogue`,
          trip_id: trip.id,
          user_id: u,
          seat_ids: [trip.seats[0]!],
          legs: '[3,5)',
          from_code: trip.stations[3],
          to_code: trip.stations[5],
          created_at: new Date(),
          expires_at: new Date(Date.now() + 60_000),
        });
        await trx('hold_seats').insert({
          hold_id: `${trip.id}~rogue`,
          trip_id: trip.id,
          seat_id: trip.seats[0]!,
          legs: '[3,5)',
        });
      })
      .catch((e: unknown) => e);
    expect(pgCode(err)).toBe(PgCode.exclusionViolation);
  });

  it('lists the trips a database-mode sweeper must visit', async () => {
    const trip = await fx.trip();
    const u = await fx.user();
    const store = new PgHoldStore(db);
    const cmd = holdCmd(trip, u, [trip.seats[0]!], 0, 4);
    expectOk(await store.hold(cmd));
    expect(await store.tripsWithLiveHolds()).toContain(trip.id);
    expectOk(await store.release(trip.id, cmd.holdId, u));
    expect(await store.tripsWithLiveHolds()).not.toContain(trip.id);
  });

  it('hands its live holds to a Redis cache rebuilt from Postgres', async () => {
    const trip = await fx.trip();
    const [alice, bob] = await Promise.all([fx.user(), fx.user()]);
    const pg = new PgHoldStore(db);
    const cmd = holdCmd(trip, alice, [trip.seats[0]!, trip.seats[1]!], 1, 5);
    const h = await pg.hold(cmd);
    expectOk(h);

    const state = await tripState.load(trip.id);
    expect(state.version).toBe(h.effects.version);
    expect(state.holds).toEqual([
      expect.objectContaining({ holdId: cmd.holdId, userId: alice, mask: legs(1, 5), seatIds: cmd.seatIds }),
    ]);

    const cache = new RedisHoldStore(redis, tripState.load);
    expect(await cache.hold(holdCmd(trip, bob, [trip.seats[1]!], 4, 6))).toMatchObject({
      ok: false,
      code: 'SEAT_TAKEN',
    });
    expect(
      await cache.hold(holdCmd(trip, alice, [trip.seats[2]!, trip.seats[3]!, trip.seats[4]!], 0, 1)),
    ).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
    });
    expectOk(await cache.release(trip.id, cmd.holdId, alice));
    expectOk(await cache.hold(holdCmd(trip, bob, [trip.seats[1]!], 4, 6)));
  });
});

describe('redis hold store: cold trips', () => {
  it('loads a cold trip from Postgres once, however many callers find it cold together', async () => {
    const trip = await fx.trip();
    const users = await Promise.all(Array.from({ length: 24 }, () => fx.user()));
    let loads = 0;
    const store = new RedisHoldStore(redis, (tripId) => {
      loads++;
      return tripState.load(tripId);
    });
    // A crowd at a trip nobody has touched: every first script answers COLD.
    const first = await Promise.all(
      users.map((u, i) => store.hold(holdCmd(trip, u, [trip.seats[i % 12]!], 0, 9))),
    );
    expect(loads).toBe(1);
    expect(first.filter((r) => r.ok)).toHaveLength(12);
    expect(first.filter((r) => !r.ok).every((r) => r.code === 'SEAT_TAKEN')).toBe(true);

    // Made cold again (as after database mode): the next crowd loads it once more. (This store has no
    // mirror, so Postgres knew none of the first crowd's holds: the seats are free again.)
    expect(await store.invalidate([trip.id])).toBe(1);
    const again = await Promise.all(
      users.map((u, i) => store.hold(holdCmd(trip, u, [trip.seats[i % 12]!], 0, 9))),
    );
    expect(loads).toBe(2);
    expect(again.filter((r) => r.ok)).toHaveLength(12);
  });

  it('keeps the seat and allowance hashes as hash tables from the load on, out of sight of snapshots', async () => {
    const trip = await fx.trip();
    const alice = await fx.user();
    const store = new RedisHoldStore(redis, tripState.load);
    expectOk(await store.hold(holdCmd(trip, alice, [trip.seats[0]!], 0, 9)));
    const [, occKey, , , capsKey] = tripKeys(trip.id);
    // A handful of fields would be a listpack, which every lookup scans (prefer_hashtables, _lib.lua).
    expect(await redis.object('ENCODING', occKey!)).toBe('hashtable');
    expect(await redis.object('ENCODING', capsKey!)).toBe('hashtable');
    const snap = await store.snapshot(trip.id);
    expectOk(snap);
    expect(snap.seats).toEqual([{ id: trip.seats[0], held: legs(0, 9), sold: 0, v: snap.effects.version }]);
  });

  it('lets the next caller load again when a load fails', async () => {
    const trip = await fx.trip();
    const alice = await fx.user();
    let fail = true;
    const store = new RedisHoldStore(redis, (tripId) => {
      if (fail) return Promise.reject(new Error('database away'));
      return tripState.load(tripId);
    });
    const refused = await Promise.allSettled([
      store.hold(holdCmd(trip, alice, [trip.seats[0]!], 0, 9)),
      store.hold(holdCmd(trip, alice, [trip.seats[1]!], 0, 9)),
    ]);
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expectOk(await store.hold(holdCmd(trip, alice, [trip.seats[0]!], 0, 9)));
  });
});

/*
 * Tampering: the scripts read every fact from Redis at the moment they decide, and a damaged key can
 * never leave a decision half-written.
 */
describe('redis hold store: tampered keys', () => {
  const keys = (tripId: string) => tripKeys(tripId);

  it('decides from the keys as they are now, not from anything remembered', async () => {
    const trip = await fx.trip();
    const [alice, bob] = await Promise.all([fx.user(), fx.user()]);
    const store = new RedisHoldStore(redis, tripState.load);
    const cmd = holdCmd(trip, alice, [trip.seats[0]!], 0, 9);
    expectOk(await store.hold(cmd));

    // Someone rewrites the hold's owner: the real owner can no longer release it, the new one can.
    const [, , holdsKey] = keys(trip.id);
    const rec = JSON.parse((await redis.hget(holdsKey!, cmd.holdId))!);
    await redis.hset(holdsKey!, cmd.holdId, JSON.stringify({ ...rec, u: bob }));
    expect(await store.release(trip.id, cmd.holdId, alice)).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    // Its expiry moved into the past: it can no longer be bought, and the seat is free again at once.
    await redis.hset(holdsKey!, cmd.holdId, JSON.stringify({ ...rec, e: Date.now() - 1000 }));
    expect(await store.claim(trip.id, cmd.holdId, alice, 30_000, open(trip))).toMatchObject({
      ok: false,
      code: 'HOLD_EXPIRED',
    });
    expectOk(await store.hold(holdCmd(trip, bob, [trip.seats[0]!], 0, 9)));
  });

  it('ends a hold by changing only the state in its stored record, and re-encodes a record it cannot read so', async () => {
    const trip = await fx.trip();
    const alice = await fx.user();
    const store = new RedisHoldStore(redis, tripState.load);
    const [, , holdsKey] = keys(trip.id);
    const plain = holdCmd(trip, alice, [trip.seats[0]!], 0, 9);
    expectOk(await store.hold(plain));
    // Stored with its fields in reverse order (cjson would encode them in its own): the text that
    // comes back is this one, its state changed.
    const stored = JSON.parse((await redis.hget(holdsKey!, plain.holdId))!) as Record<string, unknown>;
    const reversed = JSON.stringify(Object.fromEntries(Object.entries(stored).reverse()));
    await redis.hset(holdsKey!, plain.holdId, reversed);
    expectOk(await store.release(trip.id, plain.holdId, alice));
    expect(await redis.hget(holdsKey!, plain.holdId)).toBe(reversed.replace('"st":"A"', '"st":"R"'));

    // A record whose text holds the state's pattern twice, the first time not as its own state: the
    // text is not rewritten in place but encoded anew, so the hold's own state still ends.
    const odd = holdCmd(trip, alice, [trip.seats[1]!], 0, 9);
    expectOk(await store.hold(odd));
    const rec = JSON.parse((await redis.hget(holdsKey!, odd.holdId))!);
    await redis.hset(holdsKey!, odd.holdId, JSON.stringify({ z: { st: 'A' }, ...rec }));
    expectOk(await store.release(trip.id, odd.holdId, alice));
    expect(JSON.parse((await redis.hget(holdsKey!, odd.holdId))!)).toEqual({
      z: { st: 'A' },
      ...rec,
      st: 'R',
    });
    expectOk(await store.hold(holdCmd(trip, alice, [trip.seats[1]!], 0, 9)));
  });

  it('refuses to decide on a key of the wrong type and writes nothing', async () => {
    const trip = await fx.trip();
    const alice = await fx.user();
    const store = new RedisHoldStore(redis, tripState.load);
    expectOk(await store.hold(holdCmd(trip, alice, [trip.seats[0]!], 0, 2)));
    const [, occKey, holdsKey, expKey] = keys(trip.id);
    const before = await redis.hgetall(occKey!);
    const expBefore = await redis.zcard(expKey!);

    // The hold record hash replaced by a string: the seats would be written before the record fails.
    const saved = await redis.hgetall(holdsKey!);
    await redis.del(holdsKey!);
    await redis.set(holdsKey!, 'garbage');
    const attempt = store.hold(holdCmd(trip, alice, [trip.seats[1]!, trip.seats[2]!], 0, 9));
    await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(attempt).rejects.toThrow(/damaged.*nothing was changed/);
    expect(await redis.hgetall(occKey!)).toEqual(before);
    expect(await redis.zcard(expKey!)).toBe(expBefore);

    // Repaired, the same request succeeds: the failed one left no trace to trip over.
    await redis.del(holdsKey!);
    await redis.hset(holdsKey!, saved);
    expectOk(await store.hold(holdCmd(trip, alice, [trip.seats[1]!, trip.seats[2]!], 0, 9)));
  });

  it('gives a seat to exactly one of many concurrent holders even while its record is rewritten', async () => {
    const trip = await fx.trip();
    const users = await Promise.all(Array.from({ length: 20 }, () => fx.user()));
    const store = new RedisHoldStore(redis, tripState.load);
    // Warm the cache so every racer runs the hold script itself.
    expectOk(await store.snapshot(trip.id));
    const [, occKey] = keys(trip.id);
    const results = await Promise.all([
      ...users.map((u) => store.hold(holdCmd(trip, u, [trip.seats[7]!], 2, 6))),
      // A stray writer touching another seat of the same hash mid-race changes nothing for seat 7.
      redis.hset(occKey!, trip.seats[8]!, '0:0:1'),
    ]);
    const holds = results.slice(0, users.length) as StoreResult<{ expiresAt: number }>[];
    expect(holds.filter((r) => r.ok)).toHaveLength(1);
    expect(holds.filter((r) => !r.ok && r.code === 'SEAT_TAKEN')).toHaveLength(users.length - 1);
  });
});

/*
 * Holds and releases of one trip that arrive within one event-loop turn are decided by one batch-6.lua
 * call (booking/redis/decision-batch.ts): still one seat to one holder, each decision as if alone.
 */
describe('redis hold store: decisions batched per turn', () => {
  const onCluster = !('monitor' in redis);
  /**
   * A store on a connection of its own, watched with MONITOR: `seen()` lists, per batch-6.lua call this
   * connection made, how many decisions it carried. On a Redis Cluster (no one MONITOR sees it all)
   * `seen()` is null and only the decisions are checked.
   */
  async function countedStore() {
    const own = createRedis(testRedisTarget(), 'batch-test');
    if (own.status !== 'ready') await new Promise((r) => own.once('ready', r));
    const store = new RedisHoldStore(own, tripState.load);
    if (!('monitor' in redis) || !('monitor' in own))
      return { store, seen: async () => null, close: () => own.disconnect() };
    const port = (own as unknown as { stream: { localPort: number } }).stream.localPort;
    const monitor = await redis.monitor();
    const batches: number[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      // EVALSHA, or EVAL the first time a connection meets the script.
      if (!source.endsWith(`:${port}`) || !/^eval(sha)?$/i.test(args[0] ?? '')) return;
      // A batch carries one argument per decision, beginning with its name (its fields NUL-separated;
      // MONITOR shows the NUL escaped).
      const decisions = args.filter((a) => /^(hold|release)\\x00/.test(a.replaceAll('\0', '\\x00'))).length;
      if (decisions > 0) batches.push(decisions);
    });
    return {
      store,
      /** The batch calls seen so far, once MONITOR has caught up with this connection. */
      seen: async () => {
        await own.ping();
        await sleep(50);
        return batches;
      },
      close: () => {
        monitor.disconnect();
        own.disconnect();
      },
    };
  }

  it('decides a race of many holders in one call and gives the seat to exactly one', async () => {
    const trip = await fx.trip();
    const users = await Promise.all(Array.from({ length: 30 }, () => fx.user()));
    const { store, seen, close } = await countedStore();
    try {
      expectOk(await store.snapshot(trip.id));
      const results = await Promise.all(
        users.map((u) => store.hold(holdCmd(trip, u, [trip.seats[3]!], 1, 5))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.code === 'SEAT_TAKEN')).toHaveLength(29);
      expect(await seen()).toEqual(onCluster ? null : [30]);
      // Only the winner changed a seat; the losers' replies carry no change of their own.
      const winner = results.find((r) => r.ok)!;
      expect(winner.effects.changed.map((c) => c.id)).toEqual([trip.seats[3]]);
      for (const r of results.filter((x) => !x.ok)) expect(r.effects.changed).toEqual([]);
    } finally {
      close();
    }
  });

  it('makes a release and a hold of the same seat in one call one after the other, each with its own version', async () => {
    const trip = await fx.trip();
    const [alice, bob] = await Promise.all([fx.user(), fx.user()]);
    const { store, seen, close } = await countedStore();
    try {
      const mine = holdCmd(trip, alice, [trip.seats[0]!], 0, 9);
      expectOk(await store.hold(mine));
      const [released, taken] = await Promise.all([
        store.release(trip.id, mine.holdId, alice),
        store.hold(holdCmd(trip, bob, [trip.seats[0]!], 0, 9)),
      ]);
      expect(await seen()).toEqual(onCluster ? null : [2]);
      expectOk(released);
      expectOk(taken);
      const v1 = released.effects.changed[0]!;
      const v2 = taken.effects.changed[0]!;
      expect(v1.held).toBe(0);
      expect(v2.held).toBe(legs(0, 9));
      expect(v2.v).toBeGreaterThan(v1.v);
      expect(released.effects.version).toBeLessThan(taken.effects.version);
    } finally {
      close();
    }
  });

  it("gives a batch's changing decisions rising versions from one reservation and counts each decision", async () => {
    const trip = await fx.trip();
    const users = await Promise.all(Array.from({ length: 6 }, () => fx.user()));
    const { store, seen, close } = await countedStore();
    try {
      const before = await store.snapshot(trip.id);
      expectOk(before);
      const [metaKey] = tripKeys(trip.id);
      const counted = async () => (await redis.hmget(metaKey!, 'n:held', 'n:taken')).map(Number);
      const [held0 = 0, taken0 = 0] = await counted();
      // Four holders of four seats, then two more for the first seat: refused.
      const results = await Promise.all(
        users.map((u, i) => store.hold(holdCmd(trip, u, [trip.seats[i < 4 ? i : 0]!], 0, 9))),
      );
      expect(await seen()).toEqual(onCluster ? null : [6]);
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true, false, false]);
      const versions = results.map((r) => r.effects.version);
      expect(versions[0]).toBeGreaterThan(before.effects.version);
      // Each grant its own version, in the batch's order; a refusal carries the latest given out.
      for (let i = 1; i < 4; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
      expect(versions.slice(4)).toEqual([versions[3], versions[3]]);
      for (const r of results.slice(0, 4)) expect(r.effects.changed[0]!.v).toBe(r.effects.version);
      expect(await counted()).toEqual([held0 + 4, taken0 + 2]);
      // What the batch reserved and left unused is never given out again.
      const after = await store.snapshot(trip.id);
      expectOk(after);
      expect(after.effects.version).toBeGreaterThanOrEqual(versions[3]!);
      const next = await store.hold(holdCmd(trip, users[4]!, [trip.seats[5]!], 0, 9));
      expectOk(next);
      expect(next.effects.version).toBeGreaterThan(after.effects.version);
    } finally {
      close();
    }
  });

  it('decides alone a decision whose fields hold the separator, and its batch-mates as before', async () => {
    const trip = await fx.trip();
    const [alice, bob] = await Promise.all([fx.user(), fx.user()]);
    const { store, seen, close } = await countedStore();
    try {
      expectOk(await store.snapshot(trip.id));
      // Not a key a server would use (ids never contain NUL): it checks the batch format cannot be fooled.
      const odd = holdCmd(trip, alice, [trip.seats[0]!], 0, 3, { capKey: `${alice}\u0000x` });
      const plain = holdCmd(trip, bob, [trip.seats[1]!], 0, 3);
      const [a, b] = await Promise.all([store.hold(odd), store.hold(plain)]);
      expectOk(a);
      expectOk(b);
      expect(a.effects.changed.map((c) => c.id)).toEqual([trip.seats[0]]);
      expect(b.effects.changed.map((c) => c.id)).toEqual([trip.seats[1]]);
      // The odd one went alone, leaving the other alone in its turn too: no batch call.
      expect(await seen()).toEqual(onCluster ? null : []);
    } finally {
      close();
    }
  });

  it('refuses every decision of a batch on a key of the wrong type and writes nothing', async () => {
    const trip = await fx.trip();
    const [alice, bob] = await Promise.all([fx.user(), fx.user()]);
    const { store, seen, close } = await countedStore();
    try {
      expectOk(await store.hold(holdCmd(trip, alice, [trip.seats[0]!], 0, 2)));
      const [, occKey, holdsKey] = tripKeys(trip.id);
      const before = await redis.hgetall(occKey!);
      const saved = await redis.hgetall(holdsKey!);
      await redis.del(holdsKey!);
      await redis.set(holdsKey!, 'garbage');
      try {
        const results = await Promise.allSettled([
          store.hold(holdCmd(trip, alice, [trip.seats[1]!], 0, 9)),
          store.hold(holdCmd(trip, bob, [trip.seats[2]!], 0, 9)),
        ]);
        expect(await seen()).toEqual(onCluster ? null : [2]);
        for (const r of results)
          expect(r).toMatchObject({ status: 'rejected', reason: { code: 'INTERNAL' } });
        expect(await redis.hgetall(occKey!)).toEqual(before);
      } finally {
        await redis.del(holdsKey!);
        await redis.hset(holdsKey!, saved);
      }
    } finally {
      close();
    }
  });

  it('fails only the decision whose record is damaged; the others of its batch stand', async () => {
    const trip = await fx.trip();
    const alice = await fx.user();
    const { store, seen, close } = await countedStore();
    try {
      const first = holdCmd(trip, alice, [trip.seats[0]!], 0, 9);
      const second = holdCmd(trip, alice, [trip.seats[1]!], 0, 9);
      expectOk(await store.hold(first));
      expectOk(await store.hold(second));
      const [, , holdsKey] = tripKeys(trip.id);
      await redis.hset(holdsKey!, first.holdId, '{not json');
      const [broken, fine] = await Promise.allSettled([
        store.release(trip.id, first.holdId, alice),
        store.release(trip.id, second.holdId, alice),
      ]);
      expect(await seen()).toEqual(onCluster ? null : [2]);
      expect(broken.status).toBe('rejected');
      expect(fine).toMatchObject({ status: 'fulfilled', value: { ok: true } });
      expect((await occupancy(store, trip.id)).of(trip.seats[1]!)).toEqual({ held: 0, sold: 0 });
    } finally {
      close();
    }
  });
});
