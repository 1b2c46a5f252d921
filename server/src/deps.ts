import { AuthService } from './auth/auth.service';
import { TokenSigner } from './auth/tokens';
import type { EffectsSink } from './booking/effects';
import type { StoreEffects } from './booking/hold-store';
import { HoldService } from './booking/hold.service';
import { ActiveTrips } from './booking/redis/active-trips';
import { RedisHoldStore } from './booking/redis/redis-hold-store';
import { Sweeper } from './booking/sweeper';
import { TripStateRepo } from './booking/trip-state.repo';
import { CatalogRepo } from './catalog/catalog.repo';
import { CatalogService } from './catalog/catalog.service';
import { SearchService } from './catalog/search.service';
import type { Config } from './config';
import type { AppDeps } from './app';
import { createDb } from './infra/db';
import { type Logger, createLogger } from './infra/logger';
import { createMetrics } from './infra/metrics';
import { DependencyProbe } from './infra/probe';
import { RateLimiter } from './infra/rate-limit';
import { createPubSub, createRedis } from './infra/redis';
import { OrderService } from './orders/order.service';
import { OrdersRepo } from './orders/orders.repo';
import { Broadcaster } from './realtime/broadcaster';

/** Until the Socket.IO server exists, effects wait here; then they go to the broadcaster. */
class LateSink implements EffectsSink {
  target: Broadcaster | null = null;
  publish(e: StoreEffects): void {
    this.target?.publish(e);
  }
}

/** Builds every service from config: the only place that knows concrete implementations. */
export function buildDeps(config: Config, log: Logger = createLogger(config.logLevel)) {
  const metrics = createMetrics();
  const db = createDb(config.databaseUrl);
  const redis = createRedis(config.redisUrl, 'fastpass-cmd');
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  const pubsub = createPubSub(config.redisUrl);
  for (const c of [pubsub.pub, pubsub.sub]) c.on('error', () => {}); // reported by the command client

  const tokens = new TokenSigner(config.authSecret);
  const catalog = new CatalogService(new CatalogRepo(db));
  const tripState = new TripStateRepo(db);
  const redisStore = new RedisHoldStore(redis, (tripId) => tripState.load(tripId));
  const store = () => redisStore;
  const sink = new LateSink();
  const activeTrips = new ActiveTrips(redis as ConstructorParameters<typeof ActiveTrips>[0]);
  const holds = new HoldService({
    catalog,
    store,
    sink,
    metrics,
    holdTtlMs: config.holdTtlMs,
    maxSeatsPerUser: config.maxSeatsPerUser,
    onHold: (tripId) => {
      activeTrips
        .touch(tripId)
        .catch((err) => log.warn({ err: String(err) }, 'could not track trip for sweeping'));
    },
  });
  const orders = new OrderService({ repo: new OrdersRepo(db), catalog, holds, store, sink, log, metrics });
  const sweeper = new Sweeper(redis, activeTrips, store, sink, config.sweepIntervalMs, log);

  const appDeps: AppDeps = {
    config,
    log,
    metrics,
    tokens,
    auth: new AuthService(db, tokens, config.guestAuth),
    catalog,
    search: new SearchService(catalog, holds, config.timeZone),
    holds,
    orders,
    limiter: new RateLimiter(config.rateLimitPerSec),
    probe: new DependencyProbe(redis, db, () => 'cache'),
    pubsub,
    attachIo: (io) => {
      sink.target = new Broadcaster(io, config.broadcastWindowMs, metrics);
    },
  };

  return {
    appDeps,
    sweeper,
    async close() {
      await sweeper.stop();
      sink.target?.close();
      redis.disconnect();
      pubsub.pub.disconnect();
      pubsub.sub.disconnect();
      await db.destroy();
    },
  };
}
