import type Redis from 'ioredis';
import { type Config, loadConfig } from '../config';
import { createDb } from '../infra/db';
import { createRedis } from '../infra/redis';
import type { HoldStore, TripState } from '../booking/hold-store';
import { RedlockHoldStore } from '../booking/seed-redlock/redlock-hold-store';
import { TripStateRepo } from '../booking/trip-state.repo';

export interface StoreChoices {
  /** Redis with the Postgres fallback behind the circuit breaker: what FastPass runs. */
  auto: HoldStore;
  /** Postgres only (database mode pinned): the benchmark's baseline, or an operator's choice. */
  postgres: HoldStore;
  /**
   * What the seed-redlock baseline needs (the command Redis and the Postgres loader). Optional: when
   * absent it opens its own connections from the environment's configuration.
   */
  seedRedlock?: { redis: Redis; loadTrip: (tripId: string) => Promise<TripState> };
}

/** The store HOLD_STORE selects. Anything but `auto` is for benchmarks and operations. */
export function storeFor(strategy: Config['holdStore'], choices: StoreChoices): HoldStore {
  switch (strategy) {
    case 'postgres':
      return choices.postgres;
    case 'seed-redlock': {
      // The seed's own method (Redlock per seat around read-check-write), for `npm run bench` only.
      const seed = choices.seedRedlock ?? ownConnections();
      return new RedlockHoldStore(seed.redis, seed.loadTrip);
    }
    default:
      return choices.auto;
  }
}

function ownConnections(): NonNullable<StoreChoices['seedRedlock']> {
  const config = loadConfig();
  const redis = createRedis(config.redisUrl, 'fastpass-seed-redlock');
  redis.on('error', () => {}); // the server's own Redis client reports outages
  return { redis, loadTrip: new TripStateRepo(createDb(config.databaseUrl)).load };
}
