import type { RedisClient as Redis } from '../../infra/redis';

const KEY = 'fastpass:active-trips';

/**
 * Trips that may have live holds, for the sweeper. Deliberately outside the per-trip hash tag: it is an
 * index only, never part of a decision, so losing it delays expiry broadcasts but never frees a seat
 * wrongly (scripts expire due holds themselves).
 */
export class ActiveTrips {
  constructor(
    private readonly redis: Redis & {
      fp_untrack: (key: string, trip: string, cutoff: number) => Promise<number>;
    },
  ) {}

  touch(tripId: string): Promise<unknown> {
    return this.redis.zadd(KEY, Date.now(), tripId);
  }

  list(): Promise<string[]> {
    return this.redis.zrange(KEY, 0, -1);
  }

  untrack(tripId: string, cutoff: number): Promise<number> {
    return this.redis.fp_untrack(KEY, tripId, cutoff);
  }
}
