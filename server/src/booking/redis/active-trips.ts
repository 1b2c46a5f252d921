import type { RedisClient as Redis } from '../../infra/redis';

const KEY = 'fastpass:active-trips';

/**
 * Trips that may have live holds, for the sweeper. Deliberately outside the per-trip hash tag: it is an
 * index only, never part of a decision, so losing it delays expiry broadcasts but never frees a seat
 * wrongly (scripts expire due holds themselves).
 */
export class ActiveTrips {
  /** Trips with a touch in flight, and whether another hold came meanwhile (touch again after). */
  private readonly inflight = new Map<string, boolean>();

  constructor(
    private readonly redis: Redis & {
      fp_untrack: (key: string, trip: string, cutoff: number) => Promise<number>;
    },
  ) {}

  touch(tripId: string): Promise<unknown> {
    return this.redis.zadd(KEY, Date.now(), tripId);
  }

  /**
   * A hold was made on the trip: touch it, coalesced — one ZADD in flight per trip, and one more after
   * it if holds came meanwhile, so the index's time is never older than the trip's newest hold but a
   * rush costs a command per round trip, not one per hold.
   */
  touchSoon(tripId: string, onError: (err: unknown) => void): void {
    if (this.inflight.has(tripId)) {
      this.inflight.set(tripId, true);
      return;
    }
    this.inflight.set(tripId, false);
    this.touch(tripId)
      .catch(onError)
      .finally(() => {
        const again = this.inflight.get(tripId);
        this.inflight.delete(tripId);
        if (again) this.touchSoon(tripId, onError);
      });
  }

  list(): Promise<string[]> {
    return this.redis.zrange(KEY, 0, -1);
  }

  untrack(tripId: string, cutoff: number): Promise<number> {
    return this.redis.fp_untrack(KEY, tripId, cutoff);
  }
}
