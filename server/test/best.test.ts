import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientSocket, type TestServer, api, ask } from './harness';
import { type Cluster, startCluster } from './cluster';

let cluster: Cluster;
let s: TestServer;
let trip: string;
const open = (): Promise<ClientSocket> => cluster.socket();
beforeAll(async () => {
  cluster = await startCluster();
  [s] = cluster.servers as [TestServer];
  trip = cluster.trip;
});
afterAll(() => cluster?.stop());

describe('seat:holdBest (extension)', () => {
  it('holds adjacent seats on one side of the aisle, without leaving a lone seat', async () => {
    const blocker = await open();
    // SHOVAN row 1 is [JHA-1, JHA-2] | aisle | [JHA-3, JHA-4, JHA-5]. Take JHA-1 so a pair there is impossible.
    expect(
      (await ask(blocker, 'seat:hold', { tripId: trip, seatIds: ['JHA-1'], from: 'DHK', to: 'CTG' })).ok,
    ).toBe(true);
    const c = await open();
    const r = await ask(c, 'seat:holdBest', { tripId: trip, from: 'DHK', to: 'CTG', count: 2, coach: 'JHA' });
    if (!r.ok) throw new Error(r.error.message);
    // JHA-3+4 would leave JHA-5 alone; JHA-4+5 leaves JHA-3 alone; so the choice moves to row 2's first pair.
    expect(r.hold.seatIds).toEqual(['JHA-6', 'JHA-7']);
    const seats = (await api(s.url, 'GET', `/api/trips/${trip}/seats`)).body.seats;
    for (const id of r.hold.seatIds) expect(seats.find((x: { id: string }) => x.id === id).held).not.toBe(0);
  });

  it('concurrent best-available requests never share a seat', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, open));
    const results = await Promise.all(
      clients.map((c) =>
        ask(c, 'seat:holdBest', { tripId: trip, from: 'DHK', to: 'BBT', count: 3, class: 'S_CHAIR' }),
      ),
    );
    const all = results.flatMap((r) => (r.ok ? r.hold.seatIds : []));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it('answers bad input and impossible requests with contract codes', async () => {
    const c = await open();
    expect(await ask(c, 'seat:holdBest', { tripId: trip, from: 'DHK', to: 'CTG', count: 0 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(
      await ask(c, 'seat:holdBest', { tripId: trip, from: 'DHK', to: 'CTG', count: 2, coach: 'ZZ' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await ask(c, 'seat:holdBest', { tripId: trip, from: 'DHK', to: 'CTG', count: 5 })).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_EXCEEDED' },
    });
  });
});
