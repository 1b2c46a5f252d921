import type { Mode } from '@fastpass/shared';
import type { RedisClient as Redis } from '../infra/redis';
import type { EffectsSink } from '../booking/effects';
import type { HoldStore, TripState } from '../booking/hold-store';
import { PgHoldStore } from '../booking/postgres/pg-hold-store';
import type { ActiveTrips } from '../booking/redis/active-trips';
import { RedisHoldStore } from '../booking/redis/redis-hold-store';
import type { TripStateRepo } from '../booking/trip-state.repo';
import type { Config } from '../config';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import { HoldMirror, MirroredStore, type MirrorMetrics } from './hold-mirror';
import { ModeController } from './mode';
import { SwitchingStore } from './switching-store';

export interface StoreChainDeps {
  config: Pick<Config, 'holdStore'>;
  db: Db;
  /** The command connection (scripts) and a connection of its own for the health ping. */
  redis: Redis;
  probeRedis: Redis;
  tripState: TripStateRepo;
  activeTrips: ActiveTrips;
  /** Where a hold taken back after an outage is announced (the broadcaster). */
  sink: EffectsSink;
  instanceId: string;
  log: Logger;
  metrics?: MirrorMetrics;
  /** A decision store to use instead of the chain (benchmark baselines; see serve.ts). */
  holdStore?: HoldStoreFactory;
}

/** Builds a replacement decision store from the server's command Redis and Postgres loader. */
export type HoldStoreFactory = (parts: {
  redis: Redis;
  loadTrip: (tripId: string) => Promise<TripState>;
}) => HoldStore;

/**
 * The one place the hold stores are put together, innermost first:
 *   deciding   RedisHoldStore (Lua) | PgHoldStore (database mode)
 *   mirroring  MirroredStore: what Redis decides is written through to Postgres (HoldMirror)
 *   switching  SwitchingStore: Redis while the ModeController says cache, else Postgres
 * Effects are published by the services that call the store (HoldService, OrderService, Sweeper).
 * `HOLD_STORE=postgres` pins the Postgres store (benchmarks, operations); a benchmark may inject
 * another decision store (`holdStore`).
 */
export function buildStoreChain(deps: StoreChainDeps) {
  const { config, db, redis, log } = deps;
  const redisStore = new RedisHoldStore(
    redis,
    async (tripId) => {
      const state = await deps.tripState.load(tripId);
      if (state.holds.length) await deps.activeTrips.touch(tripId);
      return state;
    },
    log,
  );
  const pgStore = new PgHoldStore(db);
  const mirror = new HoldMirror(db, deps.sink, log, 100, deps.metrics);
  let switching: SwitchingStore | null = null;
  const mode = new ModeController(db, deps.probeRedis, {
    instanceId: deps.instanceId,
    probeMs: 250,
    pingTimeoutMs: 500,
    pollMs: 500,
    healthyForMs: 500,
    drain: () => switching?.drain() ?? Promise.resolve(),
    invalidateCaches: async () => redisStore.invalidate(await deps.tripState.cacheableTrips()),
    log,
  });
  switching = new SwitchingStore(new MirroredStore(redisStore, mirror), pgStore, mode);
  const chosen: HoldStore = deps.holdStore
    ? deps.holdStore({ redis, loadTrip: deps.tripState.load })
    : config.holdStore === 'postgres'
      ? pgStore
      : switching.store;
  // Failover runs only for the chain itself: a pinned or injected store is used as it is.
  const auto = !deps.holdStore && config.holdStore === 'auto';

  // A lost connection is a dead (or unreachable) Redis: switch now rather than at the next failed ping.
  let redisWasReady = false;
  redis.on('ready', () => {
    redisWasReady = true;
  });
  redis.on('close', () => {
    if (!redisWasReady || !auto) return;
    redisWasReady = false;
    mode.reportRedisFailure('connection to Redis lost');
  });

  return {
    store: () => chosen,
    redisStore,
    pgStore,
    mirror,
    mode,
    /** The mode clients and /readyz see. */
    publicMode: (): Mode => (auto ? mode.publicMode : config.holdStore === 'postgres' ? 'database' : 'cache'),
    /** True while Postgres decides (or the switch back is under way): Redis-side helpers stand down. */
    fallbackActive: () => auto && mode.mode !== 'cache',
    async start(): Promise<void> {
      if (!auto) return;
      await mode.start();
      mirror.start();
    },
    async stop(): Promise<void> {
      mode.stop();
      await mirror.stop().catch(() => undefined);
    },
  };
}

export type StoreChain = ReturnType<typeof buildStoreChain>;
