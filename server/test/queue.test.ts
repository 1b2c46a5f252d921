import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { promisify } from 'node:util';
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
  testDb,
} from './harness';
import { createLogger } from '../src/infra/logger';
import { type RedisClient, createRedis } from '../src/infra/redis';
import { testRedisTarget } from './store-contract/fixtures';
import { AdmissionsRepo } from '../src/sales/queue/admissions.repo';
import { QueueService } from '../src/sales/queue/queue.service';
import { QueueStore } from '../src/sales/queue/queue.store';
import { waitUntil } from './services';

/*
 * The waiting room (contract v1.1, docs/waiting-room.md) against real Redis + Postgres: the lottery
 * at opening and its public record, FIFO after it, admission at the sale's rate, NOT_ADMITTED on
 * holds, and admissions that outlive sockets and servers.
 */
const ENV = { QUEUE_TICK_MS: '100', SALES_REFRESH_MS: '100' };

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest('hex');

describe('waiting room', () => {
  let a: TestServer;
  let operator: string;
  let redis: RedisClient;
  const sockets: ClientSocket[] = [];

  const createSale = async (body: Record<string, unknown>) => {
    const trip = await createTrip();
    const res = await api(a.url, 'POST', '/api/ops/sales', {
      token: operator,
      body: { name: 'Eid special', queue: true, tripIds: [trip], ...body },
    });
    expect(res.status).toBe(201);
    return { trip, saleId: res.body.id as string };
  };
  const patchSale = async (saleId: string, body: Record<string, unknown>) => {
    const res = await api(a.url, 'PATCH', `/api/ops/sales/${saleId}`, { token: operator, body });
    expect(res.status).toBe(200);
  };
  const waiter = async (server: TestServer) => {
    const g = await guest(server.url);
    const s = await socketOf(server.url, g.token);
    sockets.push(s);
    return { ...g, s };
  };
  const hold = (s: ClientSocket, tripId: string, seat: string) =>
    ask(s, 'seat:hold', { tripId, seatIds: [seat], from: 'DHK', to: 'CTG' });
  const redisNow = async () => {
    const [sec, usec] = await redis.time();
    return Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
  };

  beforeAll(async () => {
    a = await startServer(ENV);
    redis = createRedis(testRedisTarget(), 'queue-test');
    const login = await api(a.url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    operator = login.body.token;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await a?.close();
    redis?.disconnect();
    await closeTestDb();
  });

  it('a sale without a queue admits at once and stores nothing', async () => {
    const trip = await createTrip();
    const g = await guest(a.url);
    const res = await api(a.url, 'POST', `/api/queue/${trip}`, { token: g.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'admitted', saleId: 'regular' });
    expect(res.body.expiresAt).toBeUndefined();
    expect(await redis.exists('{sale:regular}:meta', '{sale:regular}:q')).toBe(0);
    expect((await api(a.url, 'POST', '/api/queue/no-such-trip', { token: g.token })).status).toBe(404);
    expect((await api(a.url, 'POST', `/api/queue/${trip}`)).status).toBe(401);
  });

  it('draws the pre-queue by the committed seed at opening, then queues later arrivals in order', async () => {
    // One admission a minute: nobody is let in while positions are checked.
    const { trip, saleId } = await createSale({
      opensAt: new Date(Date.now() + 2500).toISOString(),
      admitPerMinute: 1,
    });
    const before = await api(a.url, 'GET', `/api/sales/${saleId}/lottery`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ saleId, drawn: false });
    expect(before.body.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(before.body.seed).toBeUndefined();
    expect(before.body.entrants).toBeUndefined();

    const early = [];
    for (let i = 0; i < 6; i++) {
      const w = await waiter(a);
      const r = await ask(w.s, 'queue:join', { tripId: trip });
      if (!r.ok) throw new Error(r.error.message);
      expect(r).toMatchObject({ state: 'waiting', phase: 'lottery', entrants: i + 1 });
      expect(r.position).toBeUndefined();
      early.push({ ...w, entrant: r.entrant!, first: next(w.s, 'queue:update', () => true, 8000) });
    }
    // Joining again keeps the same entry.
    const again = await ask(early[0]!.s, 'queue:join', { tripId: trip });
    expect(again).toMatchObject({ ok: true, phase: 'lottery', entrants: 6, entrant: early[0]!.entrant });

    const firstUpdates = await Promise.all(early.map((w) => w.first));
    const positions = firstUpdates.map((u) => u.position);
    expect([...positions].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const u of firstUpdates) expect(u).toMatchObject({ tripId: trip, etaSeconds: u.position * 60 });

    // Later arrivals queue behind the drawn ones, in arrival order.
    for (let i = 0; i < 3; i++) {
      const w = await waiter(a);
      const r = await ask(w.s, 'queue:join', { tripId: trip });
      expect(r).toMatchObject({ ok: true, state: 'waiting', phase: 'queue', position: 7 + i });
    }

    // The public record: recompute the order from the seed and the entrants, by hand.
    const after = (await api(a.url, 'GET', `/api/sales/${saleId}/lottery`)).body;
    expect(after.drawn).toBe(true);
    expect(after.commitment).toBe(before.body.commitment);
    expect(sha256(after.seed)).toBe(before.body.commitment);
    expect(after.entrants).toEqual(early.map((w) => w.entrant).sort());
    const recomputed = [...after.entrants].sort((x: string, y: string) =>
      hmac(after.seed, x) < hmac(after.seed, y) ? -1 : 1,
    );
    expect(after.order).toEqual(recomputed);
    expect(after.digest).toBe(sha256(recomputed.join('\n')));
    // Each user finds their own hash at their own position.
    early.forEach((w, i) => expect(recomputed.indexOf(w.entrant) + 1).toBe(positions[i]));
    // The documented checker agrees, and finds a user's own entry at their place.
    const { stdout } = await promisify(execFile)('node', [
      '../scripts/verify-lottery.mjs',
      saleId,
      a.url,
      early[0]!.entrant,
    ]);
    expect(stdout).toContain('✓ commitment, order and digest all check out');
    expect(stdout).toContain(`drawn at place ${positions[0]}`);
    // The REST twin gives the same place.
    const rest = await api(a.url, 'POST', `/api/queue/${trip}`, { token: early[0]!.token, body: {} });
    expect(rest.body).toMatchObject({ state: 'waiting', position: positions[0] });

    // Nobody is admitted yet: a hold is NOT_ADMITTED (and the check ranks above SEAT_TAKEN).
    const refused = await hold(early[0]!.s, trip, 'KA-1');
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });
    const http = await api(a.url, 'POST', `/api/trips/${trip}/holds`, {
      token: early[0]!.token,
      body: { seatIds: ['KA-1'], from: 'DHK', to: 'CTG' },
    });
    expect(http.status).toBe(403);
    expect(http.body.error.code).toBe('NOT_ADMITTED');

    // Raising the rate mid-sale lets them in, in order: the first place is told first.
    const byPosition = early
      .map((w, i) => ({ ...w, position: positions[i]! }))
      .sort((x, y) => x.position - y.position);
    const admitted = byPosition.map((w) => next(w.s, 'queue:admitted', () => true, 15_000));
    await patchSale(saleId, { admitPerMinute: 120 });
    const events = await Promise.all(admitted);
    // The server's order: an admission lasts admissionMinutes from the run that made it.
    const deadlines = events.map((e) => Date.parse(e.expiresAt));
    for (const d of deadlines) expect(d).toBeGreaterThan(Date.now());
    for (let i = 1; i < deadlines.length; i++)
      expect(deadlines[i]!).toBeGreaterThanOrEqual(deadlines[i - 1]!);
    expect(deadlines[deadlines.length - 1]! - deadlines[0]!).toBeGreaterThan(1000);
    expect(await hold(byPosition[0]!.s, trip, 'KA-1')).toMatchObject({ ok: true });
  });

  it('admits at the sale rate, picks up a new rate, and a second run of a tick admits nobody extra', async () => {
    const { trip, saleId } = await createSale({ admitPerMinute: 600 });
    for (let i = 0; i < 80; i++) {
      const g = await guest(a.url);
      await api(a.url, 'POST', `/api/queue/${trip}`, { token: g.token, body: {} });
    }
    const meta = `{sale:${saleId}}:meta`;
    // The admission count and the Redis time of the run that produced it, read together.
    const sample = async () => {
      const [n, at] = await redis.hmget(meta, 'admitted', 'last');
      return { at: Number(at ?? 0), n: Number(n ?? 0) };
    };
    await waitUntil('first admissions', async () => (await sample()).n > 0);
    const s1 = await sample();
    await waitUntil('1.5 s of Redis time', async () => (await sample()).at - s1.at >= 1500);
    const s2 = await sample();
    // 600/min = 10/s: between two runs exactly the credit accrued is admitted (± the fraction banked).
    const expected = ((s2.at - s1.at) * 600) / 60_000;
    expect(Math.abs(s2.n - s1.n - expected)).toBeLessThanOrEqual(1);

    await patchSale(saleId, { admitPerMinute: 1200 });
    await waitUntil('the new rate', async () => {
      const x = await sample();
      await new Promise((r) => setTimeout(r, 500));
      const y = await sample();
      return y.n - x.n > ((y.at - x.at) * 600) / 60_000 + 3;
    });

    // The admission script run twice back to back (two leaders): the second finds nothing due.
    const keys = [meta, `{sale:${saleId}}:pre`, `{sale:${saleId}}:q`, `{sale:${saleId}}:adm`];
    const before = Number(await redis.hget(meta, 'admitted'));
    const queue = a.deps.appDeps.queue as unknown as {
      deps: { store: { admit: (...a: unknown[]) => Promise<{ admitted: unknown[] }> } };
    };
    const [x, y] = await Promise.all([
      queue.deps.store.admit(saleId, 1200, 60_000, 4),
      queue.deps.store.admit(saleId, 1200, 60_000, 4),
    ]);
    expect(x.admitted.length + y.admitted.length).toBeLessThanOrEqual(4);
    expect(Number(await redis.hget(meta, 'admitted')) - before).toBeLessThanOrEqual(4 + 3);
    expect(await redis.zcard(keys[3]!)).toBeGreaterThan(0);
    // Admissions are copied to Postgres for database mode.
    await waitUntil('admissions in Postgres', async () => {
      const row = await testDb()('queue_admissions')
        .where({ sale_id: saleId })
        .count<{ count: string }[]>('* as count');
      return Number(row[0]!.count) > 0;
    });
  });

  it('an admission is per user and per sale, lapses, survives a reconnect and a server restart', async () => {
    const { trip, saleId } = await createSale({ admitPerMinute: 6000 });
    const other = await createSale({ admitPerMinute: 1 });
    const me = await waiter(a);
    const waiting = next(me.s, 'queue:admitted');
    const r = await ask(me.s, 'queue:join', { tripId: trip });
    expect(r.ok).toBe(true);
    const { expiresAt } = r.ok && r.state === 'admitted' ? { expiresAt: r.expiresAt! } : await waiting;

    // Another user, or my admission used on another sale's trip: refused.
    const stranger = await waiter(a);
    expect(await hold(stranger.s, trip, 'KA-2')).toMatchObject({
      ok: false,
      error: { code: 'NOT_ADMITTED' },
    });
    await ask(me.s, 'queue:join', { tripId: other.trip });
    expect(await hold(me.s, other.trip, 'KA-2')).toMatchObject({
      ok: false,
      error: { code: 'NOT_ADMITTED' },
    });

    // A reconnect: same admission.
    me.s.disconnect();
    const again = await socketOf(a.url, me.token);
    sockets.push(again);
    expect(await ask(again, 'queue:join', { tripId: trip })).toMatchObject({
      ok: true,
      state: 'admitted',
      expiresAt,
    });
    expect(await hold(again, trip, 'KA-3')).toMatchObject({ ok: true });

    // A restart: state is in Redis, not in the process.
    await a.close();
    a = await startServer(ENV);
    const after = await socketOf(a.url, me.token);
    sockets.push(after);
    expect(await ask(after, 'queue:join', { tripId: trip })).toMatchObject({
      ok: true,
      state: 'admitted',
      expiresAt,
    });
    expect(await hold(after, trip, 'KA-4')).toMatchObject({ ok: true });

    // A lapsed admission no longer lets me hold (its deadline moved into the past).
    await redis.zadd(`{sale:${saleId}}:adm`, (await redisNow()) - 1000, me.userId);
    expect(await hold(after, trip, 'KA-5')).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });
  });

  it('database mode: admitted people keep booking from the Postgres copy, new joins are UNAVAILABLE', async () => {
    const { trip, saleId } = await createSale({ admitPerMinute: 6000 });
    const me = await guest(a.url);
    const first = await api(a.url, 'POST', `/api/queue/${trip}`, { token: me.token, body: {} });
    await waitUntil('my admission copied to Postgres', async () =>
      Boolean(await testDb()('queue_admissions').where({ sale_id: saleId, user_id: me.userId }).first()),
    );
    const expiresAt =
      first.body.expiresAt ??
      (await api(a.url, 'POST', `/api/queue/${trip}`, { token: me.token })).body.expiresAt;
    // The same service as the server's, told that Redis is not the truth (what database mode does).
    const degraded = new QueueService({
      store: new QueueStore(redis),
      admissions: new AdmissionsRepo(testDb()),
      sales: a.deps.appDeps.sales,
      catalog: a.deps.appDeps.catalog,
      log: createLogger('silent'),
      degraded: () => true,
    });
    const sale = await a.deps.appDeps.sales.get(saleId);
    expect(await degraded.isAdmitted(me.userId, sale)).toBe(true);
    expect(await degraded.join({ userId: me.userId } as never, trip)).toMatchObject({
      state: 'admitted',
      expiresAt,
    });
    const newcomer = await guest(a.url);
    expect(await degraded.isAdmitted(newcomer.userId, sale)).toBe(false);
    await expect(degraded.join({ userId: newcomer.userId } as never, trip)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await expect(degraded.lottery(saleId)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('works across instances: a waiter on another instance sees its place move and is admitted', async () => {
    const b = await startServer(ENV);
    try {
      const { trip, saleId } = await createSale({ admitPerMinute: 1 });
      // Each instance learns of a new sale within SALES_REFRESH_MS.
      await waitUntil(
        'b knows the sale',
        async () => (await b.deps.appDeps.sales.saleOf(trip)).id === saleId,
      );
      const ahead = await waiter(a);
      expect(await ask(ahead.s, 'queue:join', { tripId: trip })).toMatchObject({ ok: true, position: 1 });
      const w = await waiter(b);
      expect(await ask(w.s, 'queue:join', { tripId: trip })).toMatchObject({ ok: true, position: 2 });
      const moved = next(w.s, 'queue:update', (u) => u.position === 1, 15_000);
      const admitted = next(w.s, 'queue:admitted', () => true, 15_000);
      // One admission every 2 s: the place ahead goes first, and b tells its waiter before its own turn.
      await patchSale(saleId, { admitPerMinute: 30 });
      expect((await moved).tripId).toBe(trip);
      await admitted;
      expect(await hold(w.s, trip, 'KA-9')).toMatchObject({ ok: true });
    } finally {
      await b.close();
    }
  });

  it('a waiting place survives a reconnect', async () => {
    const { trip } = await createSale({ admitPerMinute: 1 });
    const first = await waiter(a);
    const w = await waiter(a);
    await ask(first.s, 'queue:join', { tripId: trip });
    const r = await ask(w.s, 'queue:join', { tripId: trip });
    expect(r).toMatchObject({ ok: true, state: 'waiting' });
    const position = r.ok ? r.position : -1;
    w.s.disconnect();
    const back = await socketOf(a.url, w.token);
    sockets.push(back);
    expect(await ask(back, 'queue:join', { tripId: trip })).toMatchObject({
      ok: true,
      state: 'waiting',
      position,
    });
  });

  it('a tampered waiting-room key gives a clear error, not a crash', async () => {
    const { trip, saleId } = await createSale({ admitPerMinute: 1 });
    const g = await guest(a.url);
    expect((await api(a.url, 'POST', `/api/queue/${trip}`, { token: g.token, body: {} })).status).toBe(200);
    await redis.hset(`{sale:${saleId}}:meta`, 'cursor', 'garbage');
    const other = await guest(a.url);
    const res = await api(a.url, 'POST', `/api/queue/${trip}`, { token: other.token, body: {} });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'INTERNAL' });
    expect(res.body.error.message).toMatch(
      new RegExp(`waiting-room state of sale ${saleId} is damaged \\(meta.cursor\\)`),
    );

    await redis.del(`{sale:${saleId}}:q`);
    await redis.set(`{sale:${saleId}}:q`, 'not a sorted set');
    await redis.hset(`{sale:${saleId}}:meta`, 'cursor', '0');
    const wrongType = await api(a.url, 'POST', `/api/queue/${trip}`, { token: other.token, body: {} });
    expect(wrongType.status).toBe(500);
    expect(wrongType.body.error.message).toMatch(/damaged .*WRONGTYPE/);
    // The server still serves, and the ticker keeps running for other sales.
    expect((await api(a.url, 'GET', '/healthz')).status).toBe(200);
  });
});
