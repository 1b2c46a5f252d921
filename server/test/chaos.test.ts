import { legMask } from '@fastpass/shared';
import Redis from 'ioredis';
import knex from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tripKeys } from '../src/booking/redis/hold-codec';
import { NO_ABUSE_LIMITS, TEST_AUTH_SECRET, bookableTrips } from './harness';
import { PrivatePostgres, PrivateRedis, ServerProcess, freePort, waitUntil } from './services';

/*
 * Chaos: a rush of purchases and cancellations on three instances while Redis is SIGKILLed and restarted,
 * Postgres is stopped and started, and one server is SIGKILLed and restarted, in turn. Clients behave like
 * the app: they retry a purchase with the same Idempotency-Key (on another instance) until they get an
 * answer. Afterwards every acknowledged order exists once, no seat is sold twice, Redis and Postgres agree
 * on every sold leg, and no hold outlives its expiry.
 */

const JOURNEYS = [
  ['DHK', 'BBT', 0, 3],
  ['BBT', 'CTG', 3, 9],
  ['DHK', 'CTG', 0, 9],
  ['NRS', 'AKH', 2, 5],
] as const;
const SEATS = Array.from({ length: 16 }, (_, i) => `JHA-${i + 1}`);
const TTL_SECONDS = 6;

let pg: PrivatePostgres;
let url: string;
let redis: PrivateRedis;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  pg = new PrivatePostgres();
  await pg.start();
  url = pg.url;
  redis = new PrivateRedis(await freePort());
  await redis.start();
  const env = {
    DATABASE_URL: url,
    REDIS_URL: redis.url,
    AUTH_SECRET: TEST_AUTH_SECRET,
    HOLD_TTL_SECONDS: String(TTL_SECONDS),
    SWEEP_INTERVAL_MS: '100',
    PAYMENTS: 'off',
    SHUTDOWN_DELAY_MS: '0',
    ...NO_ABUSE_LIMITS,
  };
  servers = await Promise.all([0, 1, 2].map(async () => new ServerProcess(await freePort(), env)));
  await Promise.all(servers.map((s) => s.start()));
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  await redis?.kill();
  await pg?.stop();
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the API under test
  body: any;
}

/** One call to one instance; a network failure or timeout is status 0 (the client will retry). */
async function call(base: string, method: string, p: string, token?: string, body?: unknown, key?: string) {
  try {
    const r = await fetch(`${base}${p}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(8000),
    });
    return { status: r.status, body: await r.json().catch(() => null) } as Answer;
  } catch {
    return { status: 0, body: null } as Answer;
  }
}

const retryable = (a: Answer) => a.status === 0 || a.status >= 500 || a.status === 429;

describe('chaos: faults in turn during a rush on three instances', () => {
  it('loses no acknowledged order, sells nothing twice, and Redis converges to Postgres', async () => {
    const pick = () => servers[Math.floor(Math.random() * servers.length)]!.url;
    /** Retries on another instance until an answer that is not "try again", for up to 40 s. */
    const persist = async (method: string, p: string, token: string, body?: unknown, key?: string) => {
      const deadline = Date.now() + 40_000;
      let a = await call(pick(), method, p, token, body, key);
      while (retryable(a) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        a = await call(pick(), method, p, token, body, key);
      }
      return a;
    };

    // Train 703, whose stops the journeys above name: today's, or tomorrow's once today's has closed
    // (the test runs at any hour; another train's trip has none of these stations).
    const [bookable] = await bookableTrips(servers[0]!.url, '703');
    expect(bookable, 'a bookable trip of train 703').toBeDefined();
    const trip = bookable!.id;
    const acknowledged = new Map<string, { status: string }>(); // order id → what the client was told last
    const stats = { holds: 0, refusedHolds: 0, retries: 0, unanswered: 0 };
    let running = true;

    const passenger = async (n: number) => {
      let token = '';
      while (running && !token) {
        const g = await call(pick(), 'POST', '/api/auth/guest');
        if (g.status === 201) token = g.body.token;
      }
      let i = 0;
      while (running) {
        i++;
        const [from, to] = JOURNEYS[(n + i) % JOURNEYS.length]!;
        const seat = SEATS[Math.floor(Math.random() * SEATS.length)]!;
        const h = await call(pick(), 'POST', `/api/trips/${trip}/holds`, token, {
          seatIds: [seat],
          from,
          to,
        });
        if (h.status !== 201) {
          stats.refusedHolds++;
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        stats.holds++;
        const key = `chaos-${n}-${i}`;
        const body = { holdId: h.body.holdId, passengers: [{ seatId: seat, name: `P${n}` }] };
        const o = await persist('POST', '/api/orders', token, body, key);
        if (o.status === 0 || o.status >= 500) stats.unanswered++;
        if (o.status !== 201 && o.status !== 200) continue;
        acknowledged.set(o.body.order.id, { status: o.body.order.status });
        if (i % 3 === 0) {
          const c = await persist('POST', `/api/orders/${o.body.order.id}/cancel`, token);
          if (c.status === 200) acknowledged.set(o.body.order.id, { status: c.body.order.status });
          else stats.unanswered++;
        }
      }
    };
    const crowd = Array.from({ length: 10 }, (_, n) => passenger(n));
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const faults: string[] = [];

    await pause(3000);
    await redis.kill();
    faults.push('redis SIGKILL');
    await pause(4000);
    await redis.start();
    await pause(5000);
    await pg.stop();
    faults.push('postgres stop');
    await pause(3000);
    await pg.resume();
    await pause(5000);
    await servers[1]!.kill();
    faults.push('server SIGKILL');
    await pause(2000);
    await servers[1]!.start();
    await pause(4000);
    running = false;
    await Promise.all(crowd);

    const db = knex({ client: 'pg', connection: url });
    const r = new Redis(redis.url);
    try {
      // Every acknowledged order exists exactly once, in the state the client was last told.
      const rows = await db('orders')
        .whereIn('id', [...acknowledged.keys()])
        .select('id', 'status');
      expect(rows).toHaveLength(acknowledged.size);
      for (const row of rows) expect(row.status, row.id).toBe(acknowledged.get(row.id)!.status);
      expect(stats.unanswered).toBe(0);

      // No seat sold twice (the exclusion constraint), checked from the rows themselves.
      const tickets = await db('tickets')
        .where({ trip_id: trip, active: true })
        .select('seat_id', db.raw('lower(legs) as lo'), db.raw('upper(legs) as hi'));
      const soldPg = new Map<string, number>();
      for (const t of tickets) {
        const m = legMask(t.lo, t.hi);
        expect((soldPg.get(t.seat_id) ?? 0) & m, `${t.seat_id} sold twice`).toBe(0);
        soldPg.set(t.seat_id, (soldPg.get(t.seat_id) ?? 0) | m);
      }

      // Redis agrees with Postgres on every sold leg, within seconds.
      const occKey = tripKeys(trip)[1]!;
      const soldRedis = async () => {
        const occ = await r.hgetall(occKey);
        return new Map(
          Object.entries(occ)
            .map(([seat, v]) => [seat, Number(v.split(':')[1])] as const)
            .filter(([, sold]) => sold !== 0),
        );
      };
      await waitUntil(
        'Redis sold legs = Postgres tickets',
        async () => JSON.stringify([...(await soldRedis())].sort()) === JSON.stringify([...soldPg].sort()),
        15_000,
        250,
      ).catch(async (err) => {
        throw new Error(
          `${err.message}: redis ${JSON.stringify([...(await soldRedis())].sort())} pg ${JSON.stringify([...soldPg].sort())}`,
        );
      });

      // No hold outlives its expiry (the paying grace included). In cache mode Redis decides: its hold records
      // and the seat map must show no hold past its deadline once the sweeper has run (10 s of slack for a
      // loaded machine). Postgres rows are the mirror of those decisions; a server SIGKILLed before a flush can
      // leave a row marked active past its deadline, which every store treats as expired, so they are
      // checked for the outage window only: no row may be active with a deadline still ahead of now and no
      // Redis hold behind it.
      const now = Number((await r.time())[0]) * 1000;
      const records = Object.entries(await r.hgetall(tripKeys(trip)[2]!)).map(
        ([id, v]) => [id, JSON.parse(v) as { st: string; e: number; p?: number }] as const,
      );
      const overdue = records.filter(([, h]) => h.st === 'A' && Math.max(h.e, h.p ?? 0) < now - 10_000);
      expect(overdue).toEqual([]);
      const liveInRedis = new Set(records.filter(([, h]) => h.st === 'A').map(([id]) => id));
      const ghosts = await db('holds')
        .where({ trip_id: trip, status: 'active' })
        .whereRaw('greatest(expires_at, coalesce(paying_until, expires_at)) > now()')
        .pluck('id');
      expect(ghosts.filter((id: string) => !liveInRedis.has(id))).toEqual([]);

      console.log(
        `chaos: faults ${faults.join(', ')}; ${stats.holds} holds, ${acknowledged.size} acknowledged orders ` +
          `(${[...acknowledged.values()].filter((o) => o.status === 'cancelled').length} cancelled), ` +
          `${tickets.length} live tickets, requests lost: ${stats.unanswered}`,
      );
      expect(acknowledged.size).toBeGreaterThan(5);
    } finally {
      r.disconnect();
      await db.destroy();
    }
  }, 240_000);
});
