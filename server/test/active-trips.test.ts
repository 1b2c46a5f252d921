import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ActiveTrips } from '../src/booking/redis/active-trips';
import { defineScripts } from '../src/booking/redis/scripts';
import { createRedis } from '../src/infra/redis';
import { sleep, testRedisTarget } from './store-contract/fixtures';

const KEY = 'fastpass:active-trips';
const redis = createRedis(testRedisTarget(), 'active-trips-test');
afterAll(() => redis.disconnect());

describe('the sweeper index of trips with holds', () => {
  it('touches a trip once per round trip however many holds come, and never older than its last hold', async () => {
    if (redis.status !== 'ready') await new Promise((r) => redis.once('ready', r));
    defineScripts(redis);
    const trips = new ActiveTrips(redis as never);
    // Counted on the real client: every ZADD the index sends.
    let zadds = 0;
    const real = redis.zadd.bind(redis) as (...a: unknown[]) => Promise<number>;
    (redis as unknown as { zadd: (...a: unknown[]) => Promise<number> }).zadd = (...a) => {
      zadds++;
      return real(...a);
    };
    const tripId = `t-${randomUUID()}`;
    const errors: unknown[] = [];
    try {
      for (let i = 0; i < 100; i++) trips.touchSoon(tripId, (e) => errors.push(e));
      const lastHoldAt = Date.now();
      let score: string | null = null;
      for (let i = 0; i < 100 && !(Number(score) >= lastHoldAt); i++) {
        await sleep(20);
        score = await redis.zscore(KEY, tripId);
      }
      expect(Number(score)).toBeGreaterThanOrEqual(lastHoldAt);
      expect(zadds).toBeGreaterThanOrEqual(1);
      expect(zadds).toBeLessThanOrEqual(2);
      expect(errors).toEqual([]);
    } finally {
      await redis.zrem(KEY, tripId);
    }
  });
});
