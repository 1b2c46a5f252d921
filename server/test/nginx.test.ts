import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientSocket,
  NO_ABUSE_LIMITS,
  TEST_AUTH_SECRET,
  api,
  ask,
  closeTestDb,
  createTrip,
  databaseUrl,
  guest,
  next,
  redisUrl,
  socketOf,
  testDb,
} from './harness';
import { Balancer } from './nginx';
import { ServerProcess, freePort, waitUntil } from './services';

/*
 * deploy/nginx as shipped (only addresses changed) in front of three booking-server processes: sockets
 * spread over the instances, the long-polling fallback sticks to one, a race through the balancer has
 * one winner whose purchase is the only ticket, and killing an instance loses nobody for good.
 */
let instances: ServerProcess[];
let lb: Balancer;
let trip: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const env = {
    DATABASE_URL: databaseUrl(),
    REDIS_URL: redisUrl(),
    AUTH_SECRET: TEST_AUTH_SECRET,
    PAYMENTS: 'off',
    ...NO_ABUSE_LIMITS,
  };
  instances = await Promise.all([0, 1, 2].map(async () => new ServerProcess(await freePort(), env)));
  await Promise.all(instances.map((s) => s.start()));
  lb = new Balancer(
    await freePort(),
    instances.map((s) => s.port),
  );
  await lb.start();
  trip = await createTrip();
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await lb?.stop();
  await Promise.all((instances ?? []).map((s) => s.kill()));
  await closeTestDb();
});

async function passenger(): Promise<{ socket: ClientSocket; token: string }> {
  const { token } = await guest(lb.url);
  const socket = await socketOf(lb.url, token);
  sockets.push(socket);
  return { socket, token };
}

/** Connected sockets per instance, from each instance's own /metrics. */
async function socketsPerInstance(alive: ServerProcess[]): Promise<number[]> {
  return Promise.all(
    alive.map(async (s) => {
      const text = await (await fetch(`${s.url}/metrics`)).text();
      return Number(/^fastpass_sockets (\d+)/m.exec(text)?.[1] ?? 0);
    }),
  );
}

async function race(clients: ClientSocket[], seat: string) {
  const results = await Promise.all(
    clients.map((c) => ask(c, 'seat:hold', { tripId: trip, seatIds: [seat], from: 'DHK', to: 'CTG' })),
  );
  const winners = results.flatMap((r, i) => (r.ok ? [{ i, hold: r.hold }] : []));
  for (const r of results) if (!r.ok) expect(r.error.code).toBe('SEAT_TAKEN');
  return winners;
}

describe('nginx in front of three instances', () => {
  it('spreads sockets, races to one winner, and survives an instance being killed', async () => {
    const crowd = await Promise.all(Array.from({ length: 24 }, () => passenger()));
    const spread = await socketsPerInstance(instances);
    expect(spread.filter((n) => n > 0).length, `sockets per instance ${spread}`).toBeGreaterThanOrEqual(2);

    const winners = await race(
      crowd.map((p) => p.socket),
      'KHA-7',
    );
    expect(winners).toHaveLength(1);
    const w = crowd[winners[0]!.i]!;
    const bought = await api(lb.url, 'POST', '/api/orders', {
      token: w.token,
      headers: { 'Idempotency-Key': 'nginx-race' },
      body: { holdId: winners[0]!.hold.holdId, passengers: [{ seatId: 'KHA-7', name: 'Rahim' }] },
    });
    expect(bought.status).toBe(201);
    expect(await testDb()('tickets').where({ trip_id: trip, seat_id: 'KHA-7', active: true })).toHaveLength(
      1,
    );

    // Kill the instance with the most sockets; its clients reconnect through the balancer.
    const victim = spread.indexOf(Math.max(...spread));
    const lost = crowd.filter((p) => p.socket.connected);
    const gone = lost.map((p) => new Promise((r) => p.socket.once('disconnect', r)));
    await instances[victim]!.kill();
    await waitUntil('the victim’s sockets dropped', () => crowd.some((p) => !p.socket.connected), 10_000);
    await Promise.race([Promise.all(gone), new Promise((r) => setTimeout(r, 2000))]);
    const again = await Promise.all(
      crowd.map(async (p) => (p.socket.connected ? p.socket : await socketOf(lb.url, p.token))),
    );
    sockets.push(...again);
    const alive = instances.filter((_, i) => i !== victim);
    expect((await socketsPerInstance(alive)).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24);

    // HTTP keeps working: nginx skips the dead instance (passive health, proxy_next_upstream).
    for (let i = 0; i < 12; i++)
      expect((await api(lb.url, 'GET', `/api/trips/${trip}/seats`)).status).toBe(200);
    const after = await race(again, 'KHA-8');
    expect(after).toHaveLength(1);
  }, 120_000);

  it('keeps a long-polling client on one instance (sticky routing) and delivers its updates', async () => {
    const { token } = await guest(lb.url);
    const polling: ClientSocket = connect(lb.url, {
      auth: { token },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(polling);
    await new Promise<void>((resolve, reject) => {
      polling.once('connect', () => resolve());
      polling.once('connect_error', reject);
    });
    expect((await ask(polling, 'trip:watch', { tripId: trip })).ok).toBe(true);
    const other = await passenger();
    for (const seat of ['GA-1', 'GA-2', 'GA-3']) {
      const seen = next(polling, 'seat:update', (u) => u.seats.some((s) => s.id === seat), 10_000);
      const h = await ask(other.socket, 'seat:hold', {
        tripId: trip,
        seatIds: [seat],
        from: 'DHK',
        to: 'CTG',
      });
      expect(h.ok).toBe(true);
      await seen;
    }
    // Many polling round trips later the session is still the one it started with.
    expect(polling.connected).toBe(true);
  });
});
