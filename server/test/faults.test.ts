import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestServer,
  api,
  ask,
  closeTestDb,
  createTrip,
  databaseUrl,
  guest,
  resetServiceMode,
  socketOf,
  startServer,
} from './harness';
import { Crowd, JOURNEYS, assertHeldAsBelieved, passengersOn } from './crowd';
import { type PrivateRedis, ServerProcess, freePort, startPrivateRedis, waitUntil } from './services';

describe('Redis dies and comes back', () => {
  let redis: PrivateRedis;
  let a: TestServer;
  let b: TestServer;
  let trip: string;
  let crowd: Crowd;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const env = { REDIS_URL: redis.url, SWEEP_INTERVAL_MS: '100' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    trip = await createTrip();
    crowd = new Crowd(
      (await passengersOn([a, b])).map((p) => p.socket),
      trip,
    );
  });
  afterAll(async () => {
    await crowd?.close();
    await Promise.all([a?.close(), b?.close()]);
    await redis?.kill();
    await resetServiceMode();
    await closeTestDb();
  });

  /*
   * One scenario, in order: a rush in cache mode, Redis SIGKILLed (holds continue from Postgres within
   * 3 s), a hold made during the outage, Redis back (cache mode within 10 s), and that hold still
   * held in the rebuilt cache. One test, so no phase leans on another test's leftovers.
   */
  it('SIGKILL Redis mid-rush: Postgres answers within 3 s; Redis back: cache mode within 10 s, outage holds kept, no seat held twice', async () => {
    crowd.start();
    await waitUntil('some holds in cache mode', () => crowd.okAt.length > 20);
    expect((await api(a.url, 'GET', '/readyz')).body.mode).toBe('cache');
    const killedAt = Date.now();
    await redis.kill();
    await waitUntil('a hold after the kill', () => crowd.okAt.some((t) => t > killedAt), 3000, 10);
    const switchMs = crowd.okAt.find((t) => t > killedAt)! - killedAt;
    // Each instance switches on its own first failed command or probe, or follows the shared row.
    const degraded = { status: 200, body: { redis: 'down', postgres: 'up', mode: 'database' } };
    const isDegraded = async (url: string) =>
      JSON.stringify(await api(url, 'GET', '/readyz')) === JSON.stringify(degraded);
    await waitUntil(
      'both instances report database mode',
      async () => (await isDegraded(a.url)) && isDegraded(b.url),
      2000,
      20,
    );
    const modeMs = Date.now() - killedAt;
    const before = crowd.okAt.length;
    await waitUntil('database-mode holds', () => crowd.okAt.length > before + 20, 10_000).catch((err) => {
      throw new Error(`${err.message} (refusals: ${crowd.failures.slice(-5).join(', ')})`);
    });
    console.log(
      `redis killed → first hold answered from Postgres after ${switchMs} ms; both instances in database mode after ${modeMs} ms`,
    );
    expect(crowd.doubleHeld()).toEqual([]);
    await crowd.stop();
    await assertHeldAsBelieved(a, trip, crowd);

    // A hold made in database mode, on a seat the crowd never touches: it must survive the switch back.
    const keeper = await guest(b.url);
    const outageHold = await api(b.url, 'POST', `/api/trips/${trip}/holds`, {
      token: keeper.token,
      body: { seatIds: ['CHA-1'], from: 'DHK', to: 'CTG' },
    });
    expect(outageHold.status).toBe(201);

    const outageHolds = [...crowd.live.values()];
    crowd.start();
    const restartedAt = Date.now();
    await redis.start();
    await waitUntil(
      'both instances back in cache mode',
      async () =>
        (await api(a.url, 'GET', '/readyz')).body.mode === 'cache' &&
        (await api(b.url, 'GET', '/readyz')).body.mode === 'cache',
      10_000,
      50,
    );
    console.log(`redis restarted → cache mode on both instances after ${Date.now() - restartedAt} ms`);
    const since = Date.now();
    await waitUntil('cache-mode holds', () => crowd.okAt.filter((t) => t > since).length > 20, 10_000);
    await crowd.stop();
    expect(crowd.doubleHeld()).toEqual([]);
    await assertHeldAsBelieved(b, trip, crowd);
    // Every hold from the outage that is still live is in the rebuilt cache: nobody else can take it.
    const kept = [
      { seatIds: ['CHA-1'], mask: 0b111111111 },
      ...outageHolds.filter((h) => crowd.live.has(h.holdId)).slice(0, 3),
    ];
    for (const h of kept) {
      const [from, to] = JOURNEYS.find(([, , m]) => m === h.mask)!;
      const intruder = await guest(a.url);
      const r = await api(a.url, 'POST', `/api/trips/${trip}/holds`, {
        token: intruder.token,
        body: { seatIds: h.seatIds, from, to },
      });
      expect(r.body.error?.code).toBe('SEAT_TAKEN');
    }
  }, 90_000);
});

describe('a server instance dies', () => {
  it('its clients reconnect to the other instance and resync from a snapshot', async () => {
    const env = { DATABASE_URL: databaseUrl(), REDIS_URL: process.env.REDIS_URL! };
    const p1 = new ServerProcess(await freePort(), env);
    const p2 = new ServerProcess(await freePort(), env);
    await Promise.all([p1.start(), p2.start()]);
    const trip = await createTrip();
    try {
      const { token } = await guest(p1.url);
      const s1 = await socketOf(p1.url, token);
      const w = await ask(s1, 'trip:watch', { tripId: trip });
      expect(w.ok).toBe(true);
      const h = await ask(s1, 'seat:hold', { tripId: trip, seatIds: ['KA-9'], from: 'DHK', to: 'CTG' });
      if (!h.ok) throw new Error(h.error.message);
      const gone = new Promise((r) => s1.once('disconnect', r));
      await p1.kill();
      await gone;
      // The client moves to the surviving instance with the same token, watches again and resyncs.
      const s2 = await socketOf(p2.url, token);
      const again = await ask(s2, 'trip:watch', { tripId: trip });
      if (!again.ok) throw new Error('rewatch failed');
      expect(again.snapshot.seats.find((x) => x.id === 'KA-9')).toMatchObject({ held: 0b111111111 });
      expect(await ask(s2, 'seat:release', { holdId: h.hold.holdId })).toEqual({ ok: true });
      s1.disconnect();
      s2.disconnect();
    } finally {
      await Promise.all([p1.kill(), p2.kill()]);
    }
  });
});
