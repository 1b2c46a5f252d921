import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ask, guest, next, startServer } from './harness';
import { type Cluster, startCluster } from './cluster';

// A short TTL so expiry is observable; the sweeper must free seats within 1 s of expiresAt.
let cluster: Cluster;
let trip: string;
beforeAll(async () => {
  cluster = await startCluster({ env: { HOLD_TTL_SECONDS: '1.5', SWEEP_INTERVAL_MS: '100' } });
  trip = cluster.trip;
});
afterAll(() => cluster?.stop());

describe('hold expiry', () => {
  it('frees the seats for every watcher and tells the owner, within 1 s of expiresAt', async () => {
    const owner = await cluster.socket();
    const watcher = await cluster.socket();
    await ask(watcher, 'trip:watch', { tripId: trip });
    const held = await ask(owner, 'seat:hold', {
      tripId: trip,
      seatIds: ['KA-5', 'KA-6'],
      from: 'DHK',
      to: 'CTG',
    });
    if (!held.ok) throw new Error(held.error.message);
    const expiresAt = Date.parse(held.hold.expiresAt);
    const [expired, freed] = await Promise.all([
      next(owner, 'hold:expired'),
      next(watcher, 'seat:update', (u) => u.seats.some((x) => x.id === 'KA-5' && x.held === 0)),
    ]);
    const lateBy = Date.now() - expiresAt;
    expect(expired).toEqual({ holdId: held.hold.holdId, tripId: trip, seatIds: ['KA-5', 'KA-6'] });
    expect(freed.seats.find((x) => x.id === 'KA-6')).toMatchObject({ held: 0 });
    expect(lateBy).toBeLessThan(1000);
    expect(await ask(owner, 'seat:release', { holdId: held.hold.holdId })).toMatchObject({
      ok: false,
      error: { code: 'HOLD_EXPIRED' },
    });
  });

  it('an expired hold never blocks a seat, even before any sweeper ran', async () => {
    const alone = await startServer({ HOLD_TTL_SECONDS: '2', SWEEP_INTERVAL_MS: '5000' });
    try {
      await alone.deps.sweeper.stop();
      const a = await guest(alone.url);
      const b = await guest(alone.url);
      const body = { seatIds: ['KA-7'], from: 'DHK', to: 'CTG' };
      const first = await api(alone.url, 'POST', `/api/trips/${trip}/holds`, { token: a.token, body });
      expect(first.status).toBe(201);
      expect(
        (await api(alone.url, 'POST', `/api/trips/${trip}/holds`, { token: b.token, body })).status,
      ).toBe(409);
      await new Promise((r) => setTimeout(r, Date.parse(first.body.expiresAt) - Date.now() + 20));
      expect(
        (await api(alone.url, 'POST', `/api/trips/${trip}/holds`, { token: b.token, body })).status,
      ).toBe(201);
      // The expired hold cannot be bought.
      const buy = await api(alone.url, 'POST', '/api/orders', {
        token: a.token,
        headers: { 'Idempotency-Key': 'late' },
        body: { holdId: first.body.holdId, passengers: [{ seatId: 'KA-7', name: 'Late' }] },
      });
      expect(buy).toMatchObject({ status: 410, body: { error: { code: 'HOLD_EXPIRED' } } });
    } finally {
      await alone.close();
    }
  });
});
