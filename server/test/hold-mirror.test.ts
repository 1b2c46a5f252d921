import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { newHoldRecord } from '../src/booking/hold-store';
import { HoldMirror, type MirrorOp } from '../src/failover/hold-mirror';
import { createLogger } from '../src/infra/logger';
import { createMetrics } from '../src/infra/metrics';
import { closeTestDb, createTrip, testDb } from './harness';

const none = (tripId: string) => ({ tripId, version: 0, changed: [], expired: [] });

function holdOp(tripId: string, seatId: string, over: { tripId?: string } = {}): MirrorOp {
  const now = Date.now();
  return {
    kind: 'hold',
    hold: newHoldRecord(
      {
        tripId: over.tripId ?? tripId,
        holdId: `${over.tripId ?? tripId}~${randomUUID().slice(0, 12)}`,
        userId: `u-${randomUUID().slice(0, 8)}`,
        capKey: 'x',
        window: { opensAt: 0, closesAt: {} },
        mask: 1,
        from: 'DHK',
        to: 'CTG',
        ttlMs: 600_000,
        maxSeats: 4,
      },
      [seatId],
      now,
    ),
  };
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
    const live = await testDb()('hold_seats').whereIn('hold_id', ids).where({ active: true });
    expect(live.map((r: { hold_id: string }) => r.hold_id)).toEqual([idOf(kept!)]);
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
