import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Fixtures,
  type TestTrip,
  holdCmd,
  legs,
  occupancy,
  sleep,
} from '../../../server/test/store-contract/fixtures';
import { createDb } from '../../../server/src/infra/db';
import { createRedis } from '../../../server/src/infra/redis';
import { TripStateRepo } from '../../../server/src/booking/trip-state.repo';
import { RedlockHoldStore } from './redlock-hold-store';

/* The seed-redlock baseline must be slow, not wrong: the bench compares it only if it is correct. */

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!DATABASE_URL || !REDIS_URL)('seed-redlock hold store (bench baseline)', () => {
  const db = createDb(DATABASE_URL ?? 'postgres://unused');
  const redis = createRedis(REDIS_URL ?? 'redis://unused', 'seed-redlock-test');
  const fx = new Fixtures(db, redis);
  const repo = new TripStateRepo(db);
  let store: RedlockHoldStore;
  let trip: TestTrip;
  let alice: string;
  let bob: string;

  afterAll(async () => {
    await fx.cleanup();
    redis.disconnect();
    await db.destroy();
  });

  beforeEach(async () => {
    store = new RedlockHoldStore(redis, repo.load);
    trip = await fx.trip();
    [alice, bob] = await Promise.all([fx.user(), fx.user()]);
  });

  it('holds all or nothing and refuses overlapping legs', async () => {
    const [a, b, c] = trip.seats as [string, string, string];
    const first = await store.hold(holdCmd(trip, alice, [a, b], 0, 3));
    expect(first.ok).toBe(true);
    const clash = await store.hold(holdCmd(trip, bob, [c, b], 2, 5));
    expect(clash).toMatchObject({ ok: false, code: 'SEAT_TAKEN', seatIds: [b] });
    const after = await store.hold(holdCmd(trip, bob, [b], 3, 5));
    expect(after.ok).toBe(true);
    const snap = await occupancy(store, trip.id);
    expect(snap.of(b)).toEqual({ held: legs(0, 3) | legs(3, 5), sold: 0 });
    expect(snap.of(c)).toEqual({ held: 0, sold: 0 });
  });

  it('lets exactly one of many concurrent holds of one seat win', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => fx.user()));
    const results = await Promise.all(
      users.map((u, i) => store.hold(holdCmd(trip, u, [trip.seats[i % 2]!, trip.seats[5]!], 1, 4))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('enforces the per-user cap', async () => {
    const r = await store.hold(holdCmd(trip, alice, trip.seats.slice(0, 3), 0, 1, { maxSeats: 4 }));
    expect(r.ok).toBe(true);
    const over = await store.hold(holdCmd(trip, alice, trip.seats.slice(3, 5), 0, 1, { maxSeats: 4 }));
    expect(over).toMatchObject({ ok: false, code: 'LIMIT_EXCEEDED' });
  });

  it('releases, claims, confirms and expires', async () => {
    const [a, b] = trip.seats as [string, string];
    const h1 = holdCmd(trip, alice, [a], 0, 2);
    expect((await store.hold(h1)).ok).toBe(true);
    expect(await store.release(trip.id, h1.holdId, bob)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await store.release(trip.id, h1.holdId, alice)).ok).toBe(true);
    expect((await occupancy(store, trip.id)).of(a)).toEqual({ held: 0, sold: 0 });

    const h2 = holdCmd(trip, bob, [b], 1, 3);
    expect((await store.hold(h2)).ok).toBe(true);
    const claimed = await store.claim(trip.id, h2.holdId, bob, 30_000);
    expect(claimed.ok).toBe(true);
    expect((await store.confirm(trip.id, h2.holdId, bob, h2.mask, [b])).ok).toBe(true);
    expect((await occupancy(store, trip.id)).of(b)).toEqual({ held: 0, sold: legs(1, 3) });

    const h3 = holdCmd(trip, alice, [a], 0, 9, { ttlMs: 200 });
    expect((await store.hold(h3)).ok).toBe(true);
    await sleep(300);
    const swept = await store.expireDue(trip.id);
    expect(swept.effects.expired).toEqual([{ holdId: h3.holdId, userId: alice, seatIds: [a] }]);
    expect((await occupancy(store, trip.id)).of(a)).toEqual({ held: 0, sold: 0 });
  });
});
