/** Departures boards over the socket (board:watch / board:update) and my holds on every device (GET /api/holds). */
import type { BoardDeparture } from '@fastpass/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster';
import { type TestServer, api, ask, next, tripDate } from './harness';

let cluster: Cluster;
let a: TestServer;
let b: TestServer;
let trip: string;
let date: string;
beforeAll(async () => {
  cluster = await startCluster({ servers: 2 });
  [a, b] = cluster.servers as [TestServer, TestServer];
  trip = cluster.trip;
  date = await tripDate(trip);
});
afterAll(() => cluster?.stop());

const free = (row: BoardDeparture | undefined) => row?.classes.reduce((n, c) => n + c.available, 0) ?? -1;

describe('board:watch', () => {
  it('answers the station board for the day and the next: each train from here to its terminus', async () => {
    const s = await cluster.socket(0);
    const res = await ask(s, 'board:watch', { station: 'BBT', date });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.board.station).toBe('BBT');
    expect(res.board.dates[0]).toBe(date);
    const row = res.board.departures.find((d) => d.id === trip);
    expect(row).toMatchObject({ from: 'BBT', to: 'CTG', bookable: true, saleState: 'open' });
    expect(free(row)).toBeGreaterThan(0);
  });

  it('refuses an unknown station (NOT_FOUND) and a malformed date (VALIDATION)', async () => {
    const s = await cluster.socket(0);
    const unknown = await ask(s, 'board:watch', { station: 'NOPE' });
    expect(unknown.ok === false && unknown.error.code).toBe('NOT_FOUND');
    const bad = await ask(s, 'board:watch', { station: 'DHK', date: '2026-13-45' });
    expect(bad.ok === false && bad.error.code).toBe('VALIDATION');
  });

  it('a hold on one instance reaches a board watched on another within a second, once per window', async () => {
    const watcher = await cluster.socket(1);
    const watched = await ask(watcher, 'board:watch', { station: 'DHK', date });
    if (!watched.ok) throw new Error(watched.error.message);
    const before = free(watched.board.departures.find((d) => d.id === trip));
    const updates: number[] = [];
    watcher.on('board:update', (u) => {
      if (u.departures.some((d) => d.id === trip)) updates.push(Date.now());
    });
    const changed = next(watcher, 'board:update', (u) =>
      u.departures.some((d) => d.id === trip && free(d) === before - 3),
    );
    const holder = await cluster.socket(0);
    const started = Date.now();
    // Three holds in a row: the board hears the end state, coalesced.
    for (const seat of ['KA-10', 'KA-11', 'KA-12']) {
      const h = await ask(holder, 'seat:hold', { tripId: trip, seatIds: [seat], from: 'DHK', to: 'CTG' });
      if (!h.ok) throw new Error(h.error.message);
    }
    const u = await changed;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(u.station).toBe('DHK');
    expect(updates.length).toBeLessThanOrEqual(3);
  });

  it('board:unwatch stops the updates', async () => {
    const watcher = await cluster.socket(0);
    await ask(watcher, 'board:watch', { station: 'DHK', date });
    expect(await ask(watcher, 'board:unwatch', { station: 'DHK' })).toEqual({ ok: true });
    let got = 0;
    watcher.on('board:update', () => got++);
    const control = await cluster.socket(0);
    await ask(control, 'board:watch', { station: 'DHK', date });
    const seen = next(control, 'board:update', (x) => x.departures.some((d) => d.id === trip));
    const holder = await cluster.socket(0);
    await ask(holder, 'seat:hold', { tripId: trip, seatIds: ['KA-20'], from: 'DHK', to: 'BBT' });
    await seen;
    expect(got).toBe(0);
  });
});

describe('GET /api/holds', () => {
  it("lists my live holds on every instance (another device), not others'; a release removes it", async () => {
    const me = await cluster.guest(0);
    const other = await cluster.guest(0);
    const held = await api(a.url, 'POST', `/api/trips/${trip}/holds`, {
      token: me.token,
      body: { seatIds: ['KA-30', 'KA-31'], from: 'DHK', to: 'BBT' },
    });
    expect(held.status).toBe(201);
    await api(a.url, 'POST', `/api/trips/${trip}/holds`, {
      token: other.token,
      body: { seatIds: ['KA-32'], from: 'DHK', to: 'BBT' },
    });
    // The list is read from the hold mirror, written every 100 ms: wait for it, never sleep.
    const listed = async (token: string) =>
      (await api(b.url, 'GET', '/api/holds', { token })).body as unknown[];
    await expect
      .poll(() => listed(me.token), { timeout: 3000 })
      .toEqual([
        expect.objectContaining({
          holdId: held.body.holdId,
          tripId: trip,
          seatIds: ['KA-30', 'KA-31'],
          from: 'DHK',
          to: 'BBT',
          expiresAt: held.body.expiresAt,
        }),
      ]);
    expect(await api(b.url, 'DELETE', `/api/holds/${held.body.holdId}`, { token: me.token })).toMatchObject({
      status: 204,
    });
    await expect.poll(() => listed(me.token), { timeout: 3000 }).toEqual([]);
  });

  it('needs a token', async () => {
    const r = await api(a.url, 'GET', '/api/holds');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });
});
