import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster';
import { type TestServer, api, ask, guest, next, testDb, tripDate } from './harness';
import { waitUntil } from './services';

/*
 * Cancelling a trip (docs/operations.md): its orders are cancelled through the ordinary order path
 * (seats freed and broadcast), watchers on every instance are told, and nothing can be held any more.
 */
describe('POST /api/ops/trips/:tripId/cancel', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let operator: string;

  beforeAll(async () => {
    cluster = await startCluster({ servers: 2 });
    [a, b] = cluster.servers as [TestServer, TestServer];
    const login = await api(a.url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    operator = login.body.token;
  });
  afterAll(() => cluster?.stop());

  it('is for operators only', async () => {
    expect((await api(a.url, 'POST', `/api/ops/trips/${cluster.trip}/cancel`)).status).toBe(401);
    const p = await guest(a.url);
    expect(
      (await api(a.url, 'POST', `/api/ops/trips/${cluster.trip}/cancel`, { token: p.token })).status,
    ).toBe(403);
    expect((await api(a.url, 'POST', '/api/ops/trips/no-such-trip/cancel', { token: operator })).status).toBe(
      404,
    );
  });

  it('cancels every order, frees the seats, tells watchers everywhere and refuses new holds', async () => {
    const trip = cluster.trip;
    const buyer = await guest(a.url);
    const hold = await api(a.url, 'POST', `/api/trips/${trip}/holds`, {
      token: buyer.token,
      body: { seatIds: ['KA-1', 'KA-2'], from: 'DHK', to: 'CTG' },
    });
    expect(hold.status).toBe(201);
    const order = await api(a.url, 'POST', '/api/orders', {
      token: buyer.token,
      headers: { 'idempotency-key': `cancel-${trip}` },
      body: {
        holdId: hold.body.holdId,
        passengers: [
          { seatId: 'KA-1', name: 'Karim' },
          { seatId: 'KA-2', name: 'Salma' },
        ],
      },
    });
    expect(order.status).toBe(201);

    const watcher = await cluster.socket(1);
    const snap = await ask(watcher, 'trip:watch', { tripId: trip });
    expect(snap.ok).toBe(true);
    const told = next(watcher, 'trip:cancelled', (e) => e.tripId === trip, 10_000);
    const freed = next(
      watcher,
      'seat:update',
      (u) => u.tripId === trip && u.seats.some((s) => s.id === 'KA-1' && s.sold === 0),
      10_000,
    );

    const res = await api(b.url, 'POST', `/api/ops/trips/${trip}/cancel`, { token: operator });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tripId: trip, ordersCancelled: 1 });
    expect((await told).cancelledAt).toBe(res.body.cancelledAt);
    await freed;

    const db = testDb();
    expect(await db('trips').where({ id: trip }).first('status')).toEqual({ status: 'cancelled' });
    expect(await db('orders').where({ id: order.body.order.id }).first('status')).toEqual({
      status: 'cancelled',
    });
    expect(await db('tickets').where({ trip_id: trip, active: true }).count()).toEqual([{ count: '0' }]);
    const audit = await db('audit_log').where({ action: 'trip.cancel', resource_id: trip });
    expect(audit).toHaveLength(1);

    // Instance a learns it within CATALOG_REFRESH_MS: holds are refused, search shows why.
    const other = await guest(a.url);
    await waitUntil('holds refused on instance a', async () => {
      const h = await api(a.url, 'POST', `/api/trips/${trip}/holds`, {
        token: other.token,
        body: { seatIds: ['KA-3'], from: 'DHK', to: 'CTG' },
      });
      return h.status === 409 && h.body.error.code === 'SALE_CLOSED';
    });
    const found = await api(a.url, 'GET', `/api/trips?date=${await tripDate(trip)}`);
    expect(found.body.find((t: { id: string }) => t.id === trip)).toMatchObject({
      bookable: false,
      closedReason: 'cancelled',
    });
    expect((await api(a.url, 'GET', `/api/trips/${trip}`)).body.status).toBe('cancelled');

    // Again: nothing more to do, still one audit entry per call and no error.
    const again = await api(a.url, 'POST', `/api/ops/trips/${trip}/cancel`, { token: operator });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ordersCancelled: 0, cancelledAt: res.body.cancelledAt });
  });
});
