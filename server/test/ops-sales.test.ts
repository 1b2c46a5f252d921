import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster';
import { type ClientSocket, type TestServer, api, ask, createTrip, guest, next, socketOf } from './harness';

/*
 * The sale control panel's figures (`ops:watch` → `ops:sales`, docs/operations.md): pushed to
 * operators only, counting what happens on every instance.
 */
describe('ops:sales', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let operator: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ servers: 2 });
    [a, b] = cluster.servers as [TestServer, TestServer];
    const login = await api(a.url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    operator = login.body.token;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });

  it('refuses passengers', async () => {
    const s = await socketOf(b.url, (await guest(b.url)).token);
    sockets.push(s);
    const ack = await ask(s, 'ops:watch', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('pushes queue length, hold rate, sold share and revenue of a sale, live', async () => {
    const trip = await createTrip('703', { departsAt: new Date(Date.now() + 3 * 86_400_000) });
    const saleId = `s-${Date.now().toString(36)}`;
    const sale = await api(a.url, 'POST', '/api/ops/sales', {
      token: operator,
      body: { id: saleId, name: 'Panel test', tripIds: [trip] },
    });
    expect(sale.status).toBe(201);
    const watcher = await socketOf(b.url, operator);
    sockets.push(watcher);
    expect(await ask(watcher, 'ops:watch', {})).toEqual({ ok: true });
    const first = await next(watcher, 'ops:sales', (e) => e.sales.some((s) => s.saleId === saleId), 10_000);
    expect(first.mode).toBe('cache');
    expect(first.sales.find((s) => s.saleId === saleId)).toMatchObject({ soldPct: 0, revenueMinor: 0 });

    // A passenger on the other instance holds and buys a seat.
    const p = await guest(a.url);
    const hold = await api(a.url, 'POST', `/api/trips/${trip}/holds`, {
      token: p.token,
      body: { seatIds: ['KA-1'], from: 'DHK', to: 'CTG' },
    });
    expect(hold.status).toBe(201);
    const order = await api(a.url, 'POST', '/api/orders', {
      token: p.token,
      headers: { 'idempotency-key': `k-${saleId}` },
      body: { holdId: hold.body.holdId, passengers: [{ seatId: 'KA-1', name: 'Rahim' }] },
    });
    expect(order.status).toBe(201);
    const live = await next(
      watcher,
      'ops:sales',
      (e) => {
        const f = e.sales.find((s) => s.saleId === saleId);
        return Boolean(f && f.revenueMinor > 0 && f.holdsPerSec > 0);
      },
      10_000,
    );
    const f = live.sales.find((s) => s.saleId === saleId)!;
    expect(f.revenueMinor).toBe(order.body.order.total);
    expect(f.soldPct).toBeGreaterThan(0);
  });
});
