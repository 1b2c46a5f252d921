import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientSocket,
  type TestServer,
  api,
  ask,
  closeTestDb,
  createTrip,
  guest,
  next,
  socketOf,
  startServer,
} from './harness';

/*
 * ROLES (docs/deployment.md): a REST-only process, a socket-only process and a worker, on one Redis and
 * one Postgres. A hold taken over REST reaches a watcher on the socket process, and its expiry is swept
 * and broadcast by the worker, which serves neither.
 */
let apiOnly: TestServer;
let realtimeOnly: TestServer;
let worker: TestServer;
let trip: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const env = { HOLD_TTL_SECONDS: '2', SWEEP_INTERVAL_MS: '100' };
  [apiOnly, realtimeOnly, worker] = await Promise.all([
    startServer({ ...env, ROLES: 'api' }),
    startServer({ ...env, ROLES: 'realtime' }),
    startServer({ ...env, ROLES: 'worker' }),
  ]);
  trip = await createTrip();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([apiOnly?.close(), realtimeOnly?.close(), worker?.close()]);
  await closeTestDb();
});

describe('process roles', () => {
  it('each process serves only its part, and all serve health and metrics', async () => {
    const { token } = await guest(apiOnly.url);
    expect((await api(apiOnly.url, 'GET', `/api/trips/${trip}/seats`)).status).toBe(200);
    for (const s of [realtimeOnly, worker]) {
      const r = await api(s.url, 'GET', `/api/trips/${trip}/seats`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    for (const s of [apiOnly, realtimeOnly, worker]) {
      expect((await api(s.url, 'GET', '/readyz')).status).toBe(200);
      expect((await fetch(`${s.url}/metrics`)).status).toBe(200);
    }
    sockets.push(await socketOf(realtimeOnly.url, token));
    for (const s of [apiOnly, worker]) await expect(socketOf(s.url, token)).rejects.toBeTruthy();
  });

  it('a REST hold on the api process reaches a watcher on the realtime process; the worker sweeps its expiry', async () => {
    const watcher = await socketOf(realtimeOnly.url, (await guest(apiOnly.url)).token);
    sockets.push(watcher);
    expect((await ask(watcher, 'trip:watch', { tripId: trip })).ok).toBe(true);
    const held = next(watcher, 'seat:update', (u) => u.seats.some((s) => s.id === 'KA-3' && s.held !== 0));
    const { token } = await guest(apiOnly.url);
    const r = await api(apiOnly.url, 'POST', `/api/trips/${trip}/holds`, {
      token,
      body: { seatIds: ['KA-3'], from: 'DHK', to: 'CTG' },
    });
    expect(r.status).toBe(201);
    await held;
    // Nobody touches the trip again: only the worker's sweeper can free the seat and say so.
    const freed = await next(
      watcher,
      'seat:update',
      (u) => u.seats.some((s) => s.id === 'KA-3' && s.held === 0),
      10_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(r.body.expiresAt));
    expect(freed.tripId).toBe(trip);
  });
});
