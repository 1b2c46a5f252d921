import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crowd, assertHeldAsBelieved, passengersOn } from './crowd';
import {
  NO_ABUSE_LIMITS,
  TEST_AUTH_SECRET,
  type TestServer,
  api,
  closeTestDb,
  createTrip,
  databaseUrl,
  guest,
  resetServiceMode,
  startServer,
  testDb,
} from './harness';
import { type PrivateRedis, ServerProcess, freePort, startPrivateRedis, waitUntil } from './services';

/*
 * The recovery barrier (database → recovering → cache, docs/architecture.md) with five instances: four
 * serving a crowd and a fifth that is SIGKILLed while the deployment is recovering. The survivors must
 * still reach cache mode (the dead one stops counting once its heartbeat is stale, or its abandoned
 * recovery is taken over), never hold a seat twice, and keep every hold made during the outage.
 */
describe('recovery barrier with five instances, one killed during recovery', () => {
  let redis: PrivateRedis;
  let servers: TestServer[] = [];
  let victim: ServerProcess;
  let trip: string;
  let crowd: Crowd;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const env = { REDIS_URL: redis.url, SWEEP_INTERVAL_MS: '100' };
    victim = new ServerProcess(await freePort(), {
      DATABASE_URL: databaseUrl(),
      REDIS_URL: redis.url,
      AUTH_SECRET: TEST_AUTH_SECRET,
      ...NO_ABUSE_LIMITS,
    });
    [servers] = await Promise.all([Promise.all([0, 1, 2, 3].map(() => startServer(env))), victim.start()]);
    trip = await createTrip();
    crowd = new Crowd(
      (await passengersOn(servers)).map((p) => p.socket),
      trip,
    );
  });
  afterAll(async () => {
    await crowd?.close();
    await victim?.kill();
    await Promise.all(servers.map((s) => s.close()));
    await redis?.kill();
    await resetServiceMode();
    await closeTestDb();
  });

  const modeOf = async (s: { url: string }) => (await api(s.url, 'GET', '/readyz')).body.mode as string;
  const sharedMode = async () => (await testDb()('service_mode').where({ id: 1 }).first()).mode as string;

  it('the survivors reach cache mode, hold nothing twice and keep the outage holds', async () => {
    crowd.start();
    await waitUntil('holds in cache mode', () => crowd.okAt.length > 20);
    await redis.kill();
    await waitUntil(
      'all five in database mode',
      async () => (await Promise.all([...servers, victim].map(modeOf))).every((m) => m === 'database'),
      10_000,
    );
    const keeper = await guest(servers[1]!.url);
    const outage = await api(servers[1]!.url, 'POST', `/api/trips/${trip}/holds`, {
      token: keeper.token,
      body: { seatIds: ['CHA-2'], from: 'DHK', to: 'CTG' },
    });
    expect(outage.status).toBe(201);

    await redis.start();
    await waitUntil(
      'the deployment recovering',
      async () => (await sharedMode()) === 'recovering',
      15_000,
      10,
    );
    await victim.kill();
    const killedAt = Date.now();
    await waitUntil(
      'the four survivors in cache mode',
      async () => (await Promise.all(servers.map(modeOf))).every((m) => m === 'cache'),
      30_000,
      100,
    );
    console.log(
      `instance killed during recovery → survivors in cache mode after ${Date.now() - killedAt} ms`,
    );
    const since = Date.now();
    await waitUntil(
      'cache-mode holds after recovery',
      () => crowd.okAt.filter((t) => t > since).length > 20,
      15_000,
    );
    await crowd.stop();
    expect(crowd.doubleHeld()).toEqual([]);
    await assertHeldAsBelieved(servers[2]!, trip, crowd);
    const intruder = await guest(servers[3]!.url);
    const r = await api(servers[3]!.url, 'POST', `/api/trips/${trip}/holds`, {
      token: intruder.token,
      body: { seatIds: ['CHA-2'], from: 'BBT', to: 'CTG' },
    });
    expect(r.body.error?.code).toBe('SEAT_TAKEN');
  }, 120_000);
});
