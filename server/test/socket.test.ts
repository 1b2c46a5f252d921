import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientSocket, type TestServer, api, ask, next, socketOf } from './harness';
import { type Cluster, startCluster } from './cluster';

let cluster: Cluster;
let a: TestServer;
let b: TestServer;
let trip: string;
const open = (server: TestServer): Promise<ClientSocket> => cluster.socket(cluster.servers.indexOf(server));
beforeAll(async () => {
  cluster = await startCluster({ servers: 2 });
  [a, b] = cluster.servers as [TestServer, TestServer];
  trip = cluster.trip;
});
afterAll(() => cluster?.stop());

describe('socket auth', () => {
  it('refuses a handshake without a valid token', async () => {
    await expect(socketOf(a.url, undefined)).rejects.toThrow(/token/);
    await expect(socketOf(a.url, 'bad.token')).rejects.toThrow(/token/);
  });
});

describe('trip:watch and seat:update', () => {
  it('a watcher on another instance sees a hold and its release', async () => {
    const watcher = await open(b);
    const holder = await open(a);
    const watched = await ask(watcher, 'trip:watch', { tripId: trip });
    if (!watched.ok) throw new Error('watch failed');
    expect(watched.snapshot.tripId).toBe(trip);
    expect(watched.snapshot.seats.find((s) => s.id === 'KA-3')).toMatchObject({ held: 0, sold: 0 });

    const update = next(watcher, 'seat:update', (u) => u.seats.some((s) => s.id === 'KA-3' && s.held !== 0));
    const held = await ask(holder, 'seat:hold', { tripId: trip, seatIds: ['KA-3'], from: 'DHK', to: 'BBT' });
    if (!held.ok) throw new Error(held.error.message);
    const u = await update;
    const entry = u.seats.find((s) => s.id === 'KA-3')!;
    expect(entry).toMatchObject({ held: 0b111, sold: 0 });
    expect(entry.v).toBeGreaterThan(watched.snapshot.version);
    expect(u.version).toBeGreaterThanOrEqual(entry.v);

    const freed = next(watcher, 'seat:update', (x) => x.seats.some((s) => s.id === 'KA-3' && s.held === 0));
    expect(await ask(holder, 'seat:release', { holdId: held.hold.holdId })).toEqual({ ok: true });
    expect((await freed).seats.find((s) => s.id === 'KA-3')!.v).toBeGreaterThan(entry.v);
  });

  it('trip:unwatch stops updates', async () => {
    const watcher = await open(a);
    const holder = await open(a);
    await ask(watcher, 'trip:watch', { tripId: trip });
    expect(await ask(watcher, 'trip:unwatch', { tripId: trip })).toEqual({ ok: true });
    let got = 0;
    watcher.on('seat:update', () => got++);
    const h = await ask(holder, 'seat:hold', { tripId: trip, seatIds: ['KA-4'], from: 'DHK', to: 'CTG' });
    // A second watcher proves the update was emitted while the unwatched socket heard nothing.
    const control = await open(a);
    await ask(control, 'trip:watch', { tripId: trip });
    const seen = next(control, 'seat:update');
    if (h.ok) await ask(holder, 'seat:release', { holdId: h.hold.holdId });
    await seen;
    expect(got).toBe(0);
  });

  it('a watcher joining mid-rush converges to the true state by applying updates by v', async () => {
    const rushers = await Promise.all(Array.from({ length: 6 }, (_, i) => open(i % 2 ? a : b)));
    const seatsPool = Array.from({ length: 20 }, (_, i) => `CHHA-${i + 1}`);
    let stop = false;
    const rush = Promise.all(
      rushers.map(async (r, i) => {
        const mine: string[] = [];
        let k = i;
        while (!stop) {
          const seat = seatsPool[k++ % seatsPool.length]!;
          const res = await ask(r, 'seat:hold', { tripId: trip, seatIds: [seat], from: 'DHK', to: 'BBT' });
          if (res.ok) mine.push(res.hold.holdId);
          if (mine.length >= 2) await ask(r, 'seat:release', { holdId: mine.shift()! });
        }
        for (const id of mine) await ask(r, 'seat:release', { holdId: id });
      }),
    );
    await new Promise((r) => setTimeout(r, 150));
    const late = await open(b);
    const state = new Map<string, { held: number; sold: number; v: number }>();
    late.on('seat:update', (u) => {
      for (const s of u.seats) if ((state.get(s.id)?.v ?? -1) < s.v) state.set(s.id, s);
    });
    const watched = await ask(late, 'trip:watch', { tripId: trip });
    if (!watched.ok) throw new Error('watch failed');
    for (const s of watched.snapshot.seats) {
      const v = s.v ?? watched.snapshot.version;
      if ((state.get(s.id)?.v ?? -1) < v) state.set(s.id, { held: s.held, sold: s.sold, v });
    }
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await rush;
    // The final releases reach us as updates; then every seat matches the truth.
    const truth = (await api(a.url, 'GET', `/api/trips/${trip}/seats`)).body;
    const matches = (id: string) => {
      const t = truth.seats.find((s: { id: string }) => s.id === id);
      return state.get(id)?.held === t.held && state.get(id)?.sold === t.sold;
    };
    await expect.poll(() => seatsPool.filter((id) => !matches(id))).toEqual([]);
  });
});

describe('bad socket input never crashes the server', () => {
  it('acks VALIDATION / NOT_FOUND and tolerates missing acks', async () => {
    const s = await open(a);
    const bad = await ask(s, 'seat:hold', { tripId: trip, seatIds: 'KA-1', from: 'DHK', to: 'CTG' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await ask(s, 'trip:watch', { tripId: 42 } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await ask(s, 'trip:watch', null as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await ask(s, 'trip:watch', { tripId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await ask(s, 'seat:release', { holdId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const huge = await ask(s, 'seat:hold', {
      tripId: trip,
      seatIds: Array.from({ length: 5000 }, (_, i) => `KA-${i}`),
      from: 'DHK',
      to: 'CTG',
    });
    expect(huge).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    s.emit(
      'seat:hold',
      { tripId: trip, seatIds: ['KA-9'], from: 'DHK', to: 'CTG' } as never,
      undefined as never,
    );
    (s.emit as (ev: string, ...args: unknown[]) => void)('no-such-event', 1, 2, 3);
    expect(await ask(s, 'trip:watch', { tripId: trip })).toMatchObject({ ok: true });
  });
});
