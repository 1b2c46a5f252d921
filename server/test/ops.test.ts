import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientSocket, type TestServer, api, ask, guest, testDb } from './harness';
import { type Cluster, startCluster } from './cluster';
import { waitUntil } from './services';

/*
 * GET /api/ops/trips (extension): per-trip live figures for operators, counted across two instances.
 */
describe('GET /api/ops/trips', () => {
  let cluster: Cluster;
  let a: TestServer;
  let trip: string;
  let date: string;
  let operator: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ servers: 2 });
    [a] = cluster.servers as [TestServer];
    trip = cluster.trip;
    const row = await testDb()('trips').where({ id: trip }).select(testDb().raw('date::text AS d')).first();
    date = (row as { d: string }).d;
    const login = await api(a.url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    expect(login.status).toBe(200);
    operator = login.body.token;
  });
  afterAll(() => cluster?.stop());

  it('is for operators only', async () => {
    expect((await api(a.url, 'GET', '/api/ops/trips')).status).toBe(401);
    const passenger = await guest(a.url);
    const res = await api(a.url, 'GET', '/api/ops/trips', { token: passenger.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(
      (await api(a.url, 'GET', '/api/ops/trips?date=2026-13-01', { token: operator })).body.error.code,
    ).toBe('VALIDATION');
  });

  it('counts holds, conflicts and watchers of every instance, and turns them into rates', async () => {
    const figures = async () => {
      const res = await api(a.url, 'GET', `/api/ops/trips?date=${date}`, { token: operator });
      expect(res.status).toBe(200);
      return (res.body as Array<Record<string, number | string>>).find((f) => f.tripId === trip)!;
    };
    const first = await figures();
    expect(first).toMatchObject({ holdsTotal: 0, conflictsTotal: 0, watchers: 0 });

    for (const server of [0, 1, 1]) {
      const s = await cluster.socket(server);
      sockets.push(s);
      expect((await ask(s, 'trip:watch', { tripId: trip })).ok).toBe(true);
    }
    const [onA, onB] = sockets;
    const hold = (s: ClientSocket, seat: string) =>
      ask(s, 'seat:hold', { tripId: trip, seatIds: [seat], from: 'DHK', to: 'CTG' });
    expect((await hold(onA!, 'KA-1')).ok).toBe(true);
    expect((await hold(onB!, 'KA-2')).ok).toBe(true);
    expect((await hold(onB!, 'KA-1')).ok).toBe(false);

    let later = first;
    // Rates need two readings a second apart.
    await waitUntil(
      'a second reading',
      async () => {
        later = await figures();
        return later.holdsPerSec !== 0;
      },
      5000,
      250,
    );
    expect(later).toMatchObject({ holdsTotal: 2, conflictsTotal: 1, watchers: 3 });
    expect(later.holdsPerSec).toBeGreaterThan(0);
    expect(later.conflictsPerSec).toBeGreaterThan(0);
  });
});
