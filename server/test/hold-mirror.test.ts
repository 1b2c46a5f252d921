import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type HoldCommand, newHoldRecord } from '../src/booking/hold-store';
import { PgHoldStore } from '../src/booking/postgres/pg-hold-store';
import { TripStateRepo } from '../src/booking/trip-state.repo';
import type { StoreEffects } from '../src/booking/hold-store';
import { HoldMirror, type MirrorOp } from '../src/failover/hold-mirror';
import { createLogger } from '../src/infra/logger';
import { createMetrics } from '../src/infra/metrics';
import { closeTestDb, createTrip, resetServiceMode, testDb } from './harness';

const none = (tripId: string) => ({ tripId, version: 0, changed: [], expired: [] });

interface Over {
  tripId?: string;
  userId?: string;
  mask?: number;
  decidedV?: number;
  createdAt?: number;
}

function holdCommand(tripId: string, seatId: string, over: Over = {}): HoldCommand {
  const trip = over.tripId ?? tripId;
  const userId = over.userId ?? `u-${randomUUID().slice(0, 8)}`;
  return {
    tripId: trip,
    holdId: `${trip}~${randomUUID().slice(0, 12)}`,
    userId,
    capKey: userId,
    window: { opensAt: 0, closesAt: { DHK: Date.now() + 86_400_000 } },
    seatIds: [seatId],
    mask: over.mask ?? 1,
    from: 'DHK',
    to: 'CTG',
    ttlMs: 600_000,
    maxSeats: 4,
  };
}

function holdOp(tripId: string, seatId: string, over: Over = {}): MirrorOp {
  const cmd = holdCommand(tripId, seatId, over);
  return {
    kind: 'hold',
    hold: newHoldRecord(cmd, cmd.seatIds, over.createdAt ?? Date.now()),
    decidedV: over.decidedV,
  };
}

/** Seats whose live `hold_seats` rows name each hold, by hold id. */
async function liveSeatRows(ids: string[]): Promise<string[]> {
  const rows = await testDb()('hold_seats')
    .whereIn('hold_id', ids)
    .where({ active: true })
    .orderBy('hold_id');
  return rows.map((r: { hold_id: string }) => r.hold_id);
}

/** Any database-mode call on the trip seats what the mirror wrote unseated: a snapshot is the lightest. */
async function databaseModeCall(tripId: string) {
  const r = await new PgHoldStore(testDb()).snapshot(tripId);
  if (!r.ok) throw new Error(r.code);
  return r.seats;
}

const idOf = (op: MirrorOp) => (op.kind === 'hold' ? op.hold.holdId : op.holdId);

describe('the hold mirror under refused writes', () => {
  afterAll(closeTestDb);

  it('quarantines a change Postgres refuses and writes every other one of the batch', async () => {
    const tripId = await createTrip();
    const metrics = createMetrics();
    const mirror = new HoldMirror(
      testDb(),
      { publish: () => undefined },
      createLogger('silent'),
      60_000,
      metrics,
    );
    const good1 = holdOp(tripId, 'A-1');
    const bad = holdOp(tripId, 'A-2', { tripId: `NOPE-${randomUUID().slice(0, 6)}` }); // no such trip: FK refuses
    const good2 = holdOp(tripId, 'A-3');
    const released: MirrorOp = { kind: 'end', holdId: idOf(good1), status: 'released' };
    for (const op of [good1, bad, good2]) mirror.record(none(tripId), op);
    await mirror.flush();
    mirror.record(none(tripId), released);
    await mirror.flush();

    expect(mirror.pending).toBe(0);
    const rows = await testDb()('holds').whereIn('id', [idOf(good1), idOf(good2), idOf(bad)]);
    expect(Object.fromEntries(rows.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [idOf(good1)]: 'released',
      [idOf(good2)]: 'active',
    });
    const q = await testDb()('mirror_quarantine').where({ hold_id: idOf(bad) });
    expect(q).toHaveLength(1);
    expect(q[0].code).toBe('23503');
    expect(q[0].op.hold.seatIds).toEqual(['A-2']);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/fastpass_mirror_quarantined_total 1/);
    expect(text).toMatch(/fastpass_mirror_pending 0/);
  });

  it('writes nothing for a hold made and let go within one flush, and the rest as before', async () => {
    const tripId = await createTrip();
    const mirror = new HoldMirror(testDb(), { publish: () => undefined }, createLogger('silent'), 60_000);
    const tried = holdOp(tripId, 'B-1');
    const lapsed = holdOp(tripId, 'B-2');
    const kept = holdOp(tripId, 'B-3');
    mirror.record(none(tripId), tried);
    mirror.record(none(tripId), lapsed);
    mirror.record(none(tripId), kept);
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(tried), status: 'released' });
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(lapsed), status: 'expired' });
    await mirror.flush();
    const rows = await testDb()('holds').whereIn('id', [idOf(tried), idOf(lapsed), idOf(kept)]);
    expect(rows.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [idOf(kept), 'active'],
    ]);
    // Cache mode writes the row alone; the first database-mode call on the trip gives it its seats.
    expect(await liveSeatRows([idOf(tried), idOf(lapsed), idOf(kept)])).toEqual([]);
    await databaseModeCall(tripId);
    const seats = await testDb()('hold_seats').whereIn('hold_id', [idOf(tried), idOf(lapsed), idOf(kept)]);
    expect(seats.map((r: { hold_id: string }) => r.hold_id)).toEqual([idOf(kept)]);
  });

  it('ends holds written by an earlier flush, each with its own status, seats freed, and no other hold', async () => {
    const tripId = await createTrip();
    const mirror = new HoldMirror(testDb(), { publish: () => undefined }, createLogger('silent'), 60_000);
    const [bought, freed, lapsed, kept] = ['F-1', 'F-2', 'F-3', 'F-4'].map((s) => holdOp(tripId, s));
    for (const op of [bought, freed, lapsed, kept]) mirror.record(none(tripId), op!);
    await mirror.flush();
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(bought!), status: 'purchased' });
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(freed!), status: 'released' });
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(lapsed!), status: 'expired' });
    await mirror.flush();
    // A later end of an ended hold changes nothing: only an active hold ends.
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(bought!), status: 'expired' });
    await mirror.flush();
    const ids = [bought, freed, lapsed, kept].map((op) => idOf(op!));
    const rows = await testDb()('holds').whereIn('id', ids).orderBy('id');
    const statusOf = new Map(rows.map((r: { id: string; status: string }) => [r.id, r.status]));
    expect(ids.map((id) => statusOf.get(id))).toEqual(['purchased', 'released', 'expired', 'active']);
    await databaseModeCall(tripId);
    expect(await liveSeatRows(ids)).toEqual([idOf(kept!)]);
    // Ending a seated hold frees its seats too.
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(kept!), status: 'released' });
    await mirror.flush();
    expect(await liveSeatRows(ids)).toEqual([]);
  });

  it('drops a hold let go before any write took it at once, its end with it; a purchase is still written', async () => {
    const tripId = await createTrip();
    const mirror = new HoldMirror(testDb(), { publish: () => undefined }, createLogger('silent'), 60_000);
    const tried = holdOp(tripId, 'E-1');
    const bought = holdOp(tripId, 'E-2');
    mirror.record(none(tripId), tried);
    mirror.record(none(tripId), bought);
    expect(mirror.pending).toBe(2);
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(tried), status: 'released' });
    expect(mirror.pending).toBe(1);
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(bought), status: 'purchased' });
    expect(mirror.pending).toBe(2);
    await mirror.flush();
    expect(mirror.pending).toBe(0);
    expect(mirror.lagMs()).toBe(0);
    const rows = await testDb()('holds').whereIn('id', [idOf(tried), idOf(bought)]);
    expect(rows.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [idOf(bought), 'purchased'],
    ]);
  });

  it('keeps the holds made since the last periodic write back one interval, and writes the rest', async () => {
    const tripId = await createTrip();
    const mirror = new HoldMirror(testDb(), { publish: () => undefined }, createLogger('silent'), 60_000);
    const statusOf = async (ops: MirrorOp[]) =>
      Object.fromEntries(
        (await testDb()('holds').whereIn('id', ops.map(idOf))).map((r: { id: string; status: string }) => [
          r.id,
          r.status,
        ]),
      );
    const tried = holdOp(tripId, 'D-1');
    const kept = holdOp(tripId, 'D-2');
    mirror.record(none(tripId), tried);
    mirror.record(none(tripId), kept);
    await mirror.tick();
    expect(await statusOf([tried, kept])).toEqual({});
    expect(mirror.pending).toBe(2);
    expect(mirror.lagMs()).toBeGreaterThanOrEqual(0);

    // Let go before the next write: never written. Still held: written by it.
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(tried), status: 'released' });
    const later = holdOp(tripId, 'D-3');
    mirror.record(none(tripId), later);
    await mirror.tick();
    expect(await statusOf([tried, kept, later])).toEqual({ [idOf(kept)]: 'active' });
    expect(mirror.pending).toBe(1);

    // The end of a written hold is not held back; flush writes the newest holds too.
    mirror.record(none(tripId), { kind: 'end', holdId: idOf(kept), status: 'released' });
    const newest = holdOp(tripId, 'D-4');
    mirror.record(none(tripId), newest);
    await mirror.tick();
    expect(await statusOf([kept, later, newest])).toEqual({
      [idOf(kept)]: 'released',
      [idOf(later)]: 'active',
    });
    await mirror.flush();
    expect(await statusOf([newest])).toEqual({ [idOf(newest)]: 'active' });
    expect(mirror.pending).toBe(0);
    expect(mirror.lagMs()).toBe(0);
  });

  it('keeps everything while the database is away, then writes it once', async () => {
    const tripId = await createTrip();
    const log = createLogger('silent');
    // A database handle that refuses to connect: the transient case, retried as a whole.
    const { createDb } = await import('../src/infra/db');
    const url = new URL(process.env.DATABASE_URL!);
    url.port = '1';
    const away = createDb(url.toString());
    const down = new HoldMirror(away, { publish: () => undefined }, log, 60_000);
    const ops = [holdOp(tripId, 'B-1'), holdOp(tripId, 'B-2')];
    for (const op of ops) down.record(none(tripId), op);
    await down.flush();
    expect(down.pending).toBe(2);
    await away.destroy();
    expect(await testDb()('mirror_quarantine').whereIn('hold_id', ops.map(idOf))).toHaveLength(0);
  });

  it('makes overflow visible: the dropped change is counted and the buffer stays bounded', async () => {
    const tripId = await createTrip();
    const metrics = createMetrics();
    const mirror = new HoldMirror(
      testDb(),
      { publish: () => undefined },
      createLogger('silent'),
      60_000,
      metrics,
      3,
    );
    for (const seat of ['C-1', 'C-2', 'C-3', 'C-4', 'C-5']) mirror.record(none(tripId), holdOp(tripId, seat));
    expect(mirror.pending).toBe(3);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/fastpass_mirror_dropped_total 2/);
    expect(text).toMatch(/fastpass_mirror_pending 3/);
  });
});

describe('holds written unseated in cache mode', () => {
  afterAll(async () => {
    await resetServiceMode();
    await closeTestDb();
  });

  const unseatedFlag = async (tripId: string) =>
    (await testDb()('trip_versions').where({ trip_id: tripId }).first<{ unseated: boolean }>('unseated'))!
      .unseated;
  const statuses = async (ids: string[]) => {
    const rows = await testDb()('holds').whereIn('id', ids);
    const of = new Map(rows.map((r: { id: string; status: string; seated: boolean }) => [r.id, r]));
    return ids.map((id) => {
      const r = of.get(id) as { status: string; seated: boolean } | undefined;
      // Only a live hold needs seats: an ended one may never have had any.
      return r ? `${r.status}${r.seated || r.status !== 'active' ? '' : ' unseated'}` : 'absent';
    });
  };

  it('are seated by the first database-mode call; a newer hold outranks every older row it overlaps', async () => {
    await resetServiceMode();
    const tripId = await createTrip();
    const store = new PgHoldStore(testDb());
    // A database-mode hold from an earlier outage, seated, on G-1 legs [0,2).
    const earlier = holdCommand(tripId, 'G-1', { mask: 0b11 });
    const made = await store.hold(earlier);
    expect(made.ok).toBe(true);

    const mirror = new HoldMirror(testDb(), { publish: () => undefined }, createLogger('silent'), 60_000);
    const at = Date.now();
    // Redis since gave G-1 leg 1 to someone else (the earlier hold ended there), and G-2 twice in one
    // millisecond (the first one's release is still in another instance's buffer): versions order them.
    const onG1 = holdOp(tripId, 'G-1', { mask: 0b10, decidedV: 11, createdAt: at });
    const firstG2 = holdOp(tripId, 'G-2', { decidedV: 10, createdAt: at });
    const laterG2 = holdOp(tripId, 'G-2', { decidedV: 12, createdAt: at });
    const alone = holdOp(tripId, 'G-3', { decidedV: 13, createdAt: at });
    // Another trip's rows are not this trip's business.
    const otherTrip = await createTrip();
    const elsewhere = holdOp(otherTrip, 'G-2', { decidedV: 1, createdAt: at });
    for (const op of [laterG2, onG1, firstG2, alone, elsewhere]) mirror.record(none(tripId), op);
    await mirror.flush();

    const ids = [onG1, firstG2, laterG2, alone, elsewhere].map(idOf);
    expect(await statuses(ids)).toEqual(Array(5).fill('active unseated'));
    expect(await liveSeatRows(ids)).toEqual([]);
    expect(await unseatedFlag(tripId)).toBe(true);

    // A cache rebuilt from Postgres leaves the outranked holds out, before anything is seated.
    const loaded = await new TripStateRepo(testDb()).load(tripId);
    expect(loaded.holds.map((h) => h.holdId).sort()).toEqual([idOf(onG1), idOf(laterG2), idOf(alone)].sort());

    const seats = new Map((await databaseModeCall(tripId)).map((s) => [s.id, s.held]));
    expect([seats.get('G-1'), seats.get('G-2'), seats.get('G-3')]).toEqual([0b10, 1, 1]);
    expect(await statuses([earlier.holdId, ...ids])).toEqual([
      'released',
      'active',
      'released',
      'active',
      'active',
      'active unseated',
    ]);
    expect(await liveSeatRows([earlier.holdId, ...ids])).toEqual(
      [idOf(onG1), idOf(laterG2), idOf(alone)].sort(),
    );
    expect(await unseatedFlag(tripId)).toBe(false);
    expect(await unseatedFlag(otherTrip)).toBe(true);

    // What they hold is taken for database mode, as it was in Redis.
    const taken = await store.hold(holdCommand(tripId, 'G-2'));
    expect(taken).toMatchObject({ ok: false, code: 'SEAT_TAKEN' });
    const free = await store.hold(holdCommand(tripId, 'G-1', { mask: 0b01 }));
    expect(free.ok).toBe(true);
  });

  it('are seated before a late mirrored hold is judged in database mode', async () => {
    await resetServiceMode();
    const tripId = await createTrip();
    const published: StoreEffects[] = [];
    const mirror = new HoldMirror(
      testDb(),
      { publish: (e) => published.push(e) },
      createLogger('silent'),
      60_000,
    );
    const kept = holdOp(tripId, 'H-1', { decidedV: 5 });
    mirror.record(none(tripId), kept);
    await mirror.flush();
    expect(await statuses([idOf(kept)])).toEqual(['active unseated']);

    await testDb()('service_mode').where({ id: 1 }).update({ mode: 'database' });
    try {
      // Redis's note of a hold decided before the outage, arriving late, over the same seat.
      const late = holdOp(tripId, 'H-1', { decidedV: 4 });
      mirror.record(none(tripId), late);
      await mirror.flush();
      expect(await statuses([idOf(kept), idOf(late)])).toEqual(['active', 'expired']);
      expect(await liveSeatRows([idOf(kept), idOf(late)])).toEqual([idOf(kept)]);
      expect(published.flatMap((e) => e.expired.map((x) => x.holdId))).toEqual([idOf(late)]);
      expect(await unseatedFlag(tripId)).toBe(false);
    } finally {
      await resetServiceMode();
    }
  });

  it('keep the end a late batch records for them: a bought hold stays bought when seating comes after', async () => {
    await resetServiceMode();
    const tripId = await createTrip();
    const mirror = new HoldMirror(testDb(), { publish: () => undefined }, createLogger('silent'), 60_000);
    // Bought, then its ticket cancelled and the seat held again by someone else, all in Redis; the
    // purchase's end is still in this buffer when the outage comes.
    const bought = holdOp(tripId, 'J-1', { decidedV: 3 });
    const again = holdOp(tripId, 'J-1', { decidedV: 7 });
    mirror.record(none(tripId), bought);
    mirror.record(none(tripId), again);
    await mirror.flush();
    await testDb()('service_mode').where({ id: 1 }).update({ mode: 'database' });
    try {
      mirror.record(none(tripId), { kind: 'end', holdId: idOf(bought), status: 'purchased' });
      await mirror.flush();
      expect(await statuses([idOf(bought), idOf(again)])).toEqual(['purchased', 'active']);
      expect(await liveSeatRows([idOf(bought), idOf(again)])).toEqual([idOf(again)]);
    } finally {
      await resetServiceMode();
    }
  });
});
