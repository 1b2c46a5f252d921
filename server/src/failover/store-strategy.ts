import type Redis from 'ioredis';
import type { Config } from '../config';
import type { HoldStore, TripState } from '../booking/hold-store';
import { RedlockHoldStore } from '../booking/seed-redlock/redlock-hold-store';

export interface StoreChoices {
  /** Redis with the Postgres fallback behind the circuit breaker: what FastPass runs. */
  auto: HoldStore;
  /** Postgres only (database mode pinned): the benchmark's baseline, or an operator's choice. */
  postgres: HoldStore;
  /** What the seed-redlock baseline needs: the command Redis and the Postgres loader (shared, not owned). */
  seedRedlock: { redis: Redis; loadTrip: (tripId: string) => Promise<TripState> };
}

/** The store HOLD_STORE selects. Anything but `auto` is for benchmarks and operations. */
export function storeFor(strategy: Config['holdStore'], choices: StoreChoices): HoldStore {
  switch (strategy) {
    case 'postgres':
      return choices.postgres;
    case 'seed-redlock': {
      // The seed's own method (Redlock per seat around read-check-write), for `npm run bench` only.
      return new RedlockHoldStore(choices.seedRedlock.redis, choices.seedRedlock.loadTrip);
    }
    default:
      return choices.auto;
  }
}
