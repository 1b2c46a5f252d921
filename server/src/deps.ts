import { randomBytes } from 'node:crypto';
import type { AppDeps } from './app';
import { AuthService } from './auth/auth.service';
import { TokenSigner } from './auth/tokens';
import type { EffectsSink } from './booking/effects';
import { HoldMirror, MirroredStore } from './booking/hold-mirror';
import type { StoreEffects } from './booking/hold-store';
import { HoldService } from './booking/hold.service';
import { ModeController } from './booking/mode';
import { PgHoldStore } from './booking/postgres/pg-hold-store';
import { ActiveTrips } from './booking/redis/active-trips';
import { RedisHoldStore } from './booking/redis/redis-hold-store';
import { storeFor } from './booking/store-strategy';
import { Sweeper } from './booking/sweeper';
import { SwitchingStore } from './booking/switching-store';
import { TripStateRepo } from './booking/trip-state.repo';
import { CatalogRepo } from './catalog/catalog.repo';
import { CatalogService } from './catalog/catalog.service';
import { SearchService } from './catalog/search.service';
import { AdmissionsRepo } from './sales/queue/admissions.repo';
import { QueueTicker } from './sales/queue/queue-ticker';
import { QueueService } from './sales/queue/queue.service';
import { QueueStore } from './sales/queue/queue.store';
import { SaleService } from './sales/sale.service';
import { SalesRepo } from './sales/sales.repo';
import type { Config } from './config';
import { AbuseLimits } from './identity/abuse-limits';
import { LoginGuard } from './identity/login-guard';
import { PhoneVerificationService } from './identity/phone-verification.service';
import { createSmsProvider } from './identity/sms-provider';
import { createDb } from './infra/db';
import { type Logger, createLogger } from './infra/logger';
import { createMetrics } from './infra/metrics';
import { DependencyProbe } from './infra/probe';
import { RateLimiter } from './infra/rate-limit';
import { createPubSub, createRedis } from './infra/redis';
import { OrderService } from './orders/order.service';
import { OrdersRepo } from './orders/orders.repo';
import { PurchaseBatcher } from './orders/purchase-batcher';
import { Broadcaster, tripRoom } from './realtime/broadcaster';
import { TripFigures } from './ops/trip-figures';
import type { IoServer } from './realtime/gateway';
import { PgBus } from './realtime/pg-bus';
import { watcherCounts } from './realtime/watchers';

/** Until the Socket.IO server exists, effects wait here; then they go to the broadcaster. */
class LateSink implements EffectsSink {
  target: Broadcaster | null = null;
  publish(e: StoreEffects): void {
    this.target?.publish(e);
  }
}

/** Builds every service from config: the only place that knows concrete implementations. */
export function buildDeps(config: Config, log: Logger = createLogger(config.logLevel)) {
  const instanceId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const metrics = createMetrics();
  const db = createDb(config.databaseUrl);
  const redis = createRedis(config.redisUrl, 'fastpass-cmd');
  let redisErrorLogged = false;
  redis.on('error', (err) => {
    if (!redisErrorLogged) log.warn({ err: err.message }, 'redis error');
    redisErrorLogged = true;
  });
  let redisWasReady = false;
  redis.on('ready', () => {
    redisErrorLogged = false;
    redisWasReady = true;
  });
  const probeRedis = createRedis(config.redisUrl, 'fastpass-probe', { autoPipelining: false });
  const pubsub = createPubSub(config.redisUrl);
  // Reported by the command client.
  for (const c of [pubsub.pub, pubsub.sub, probeRedis]) c.on('error', () => {});

  // index.ts resolves a development secret before this; the harness and scripts pass their own.
  if (!config.authSecret) throw new Error('no AUTH_SECRET: resolve one before building the server');
  const tokens = new TokenSigner(config.authSecret);
  const abuse = new AbuseLimits(redis, config.limits);
  const sms = createSmsProvider(config.sms, db, log);
  if (!sms) log.warn('no SMS provider (SMS_PROVIDER=off): phone verification answers UNAVAILABLE');
  const auth = new AuthService(
    db,
    tokens,
    config.guestAuth,
    new LoginGuard(redis, {
      failuresBeforeBlock: config.limits.loginFailuresBeforeBlock,
      blockSeconds: config.limits.loginBlockSeconds,
    }),
  );
  const phones = new PhoneVerificationService({
    db,
    sms,
    auth,
    limits: abuse,
    secret: config.authSecret,
    ttlMs: config.otp.ttlMs,
    maxAttempts: config.otp.maxAttempts,
    log,
  });
  const catalog = new CatalogService(new CatalogRepo(db));
  const sales = new SaleService(new SalesRepo(db), {
    refreshMs: config.salesRefreshMs,
    cutoffMs: config.saleCutoffMs,
    log,
  });
  const sink = new LateSink();
  const activeTrips = new ActiveTrips(redis as ConstructorParameters<typeof ActiveTrips>[0]);
  const tripState = new TripStateRepo(db);
  const redisStore = new RedisHoldStore(redis, async (tripId) => {
    const state = await tripState.load(tripId);
    if (state.holds.length) await activeTrips.touch(tripId);
    return state;
  });
  const pgStore = new PgHoldStore(db);
  const mirror = new HoldMirror(db, sink, log, 100);
  let switching: SwitchingStore | null = null;
  const mode = new ModeController(db, probeRedis, {
    instanceId,
    probeMs: 250,
    pingTimeoutMs: 500,
    pollMs: 500,
    healthyForMs: 500,
    drain: () => switching?.drain() ?? Promise.resolve(),
    invalidateCaches: () => redisStore.invalidateAll(),
    log,
  });
  switching = new SwitchingStore(new MirroredStore(redisStore, mirror), pgStore, mode);
  const auto = config.holdStore === 'auto';
  // A lost connection is a dead (or unreachable) Redis: switch now rather than at the next failed ping.
  redis.on('close', () => {
    if (!redisWasReady || !auto) return;
    redisWasReady = false;
    mode.reportRedisFailure('connection to Redis lost');
  });
  const chosen = storeFor(config.holdStore, { auto: switching, postgres: pgStore });
  const store = () => chosen;
  const publicMode = () => (auto ? mode.publicMode : config.holdStore === 'postgres' ? 'database' : 'cache');
  const fallbackActive = () => auto && mode.mode !== 'cache';

  const queueStore = new QueueStore(redis);
  const admissions = new AdmissionsRepo(db);
  const queue = new QueueService({
    store: queueStore,
    admissions,
    sales,
    catalog,
    log,
    degraded: fallbackActive,
  });
  const queueTicker = new QueueTicker(redis, queue, queueStore, admissions, sales, {
    tickMs: config.queueTickMs,
    log,
    degraded: fallbackActive,
  });

  const holds = new HoldService({
    admission: queue,
    catalog,
    sales,
    store,
    sink,
    metrics,
    holdTtlMs: config.holdTtlMs,
    maxSeatsPerUser: config.maxSeatsPerUser,
    onHold: (tripId) => {
      if (fallbackActive()) return; // the database-mode sweeper asks Postgres which trips have holds
      activeTrips
        .touch(tripId)
        .catch((err) => log.debug({ err: String(err) }, 'could not track trip for sweeping'));
    },
  });
  const ordersRepo = new OrdersRepo(db);
  // A few writes in flight at once (of the pool's 20 connections); the rest wait and go together.
  const batcher = new PurchaseBatcher(ordersRepo, { maxBatch: config.purchaseBatchMax, maxInFlight: 4 });
  const orders = new OrderService({ repo: ordersRepo, batcher, catalog, holds, store, sink, log, metrics });
  const sweeper = new Sweeper(redis, activeTrips, store, sink, config.sweepIntervalMs, log, {
    active: () => publicMode() === 'database',
    trips: () => pgStore.tripsWithLiveHolds(),
  });
  const bus = new PgBus(config.databaseUrl, db, instanceId, log, (m) =>
    sink.target?.deliverLocal(m.room, m.event, m.payload),
  );

  let io: IoServer | null = null;
  const tripFigures = new TripFigures({
    // Redis counts every decision it makes; in database mode there is nothing to count there.
    counts: (ids) => (publicMode() === 'cache' ? redisStore.decisionCounts(ids) : Promise.resolve(new Map())),
    watchers: (ids) => (io ? watcherCounts(io, ids) : Promise.resolve(new Map())),
  });

  const appDeps: AppDeps = {
    config,
    log,
    metrics,
    tokens,
    auth,
    abuse,
    phones,
    sms,
    catalog,
    sales,
    search: new SearchService(catalog, holds, sales, config.timeZone),
    holds,
    orders,
    queue,
    tripFigures,
    limiter: new RateLimiter(config.rateLimitPerSec, redis),
    probe: new DependencyProbe(redis, db, publicMode),
    pubsub,
    attachIo: (server) => {
      io = server;
      sink.target = new Broadcaster(server, config.broadcastWindowMs, metrics, {
        active: fallbackActive,
        bus,
      });
      // Every instance re-reads the sales and tells its own sockets: one path for operator edits and
      // for the clock crossing opensAt/closesAt, Redis up or down.
      sales.on('change', ({ sale, tripIds }) => {
        const view = sales.view(sale);
        for (const tripId of tripIds)
          server.local.to(tripRoom(tripId)).emit('sale:update', { tripId, sale: view });
      });
      // Each instance tells its own sockets; every instance sees the change within one poll.
      mode.on('change', (m: 'cache' | 'database') => {
        server.local.emit('server:mode', { mode: m });
        if (m === 'database') void mirror.flush();
      });
    },
  };

  return {
    appDeps,
    sweeper,
    queueTicker,
    mode,
    mirror,
    instanceId,
    async start() {
      if (auto) {
        await mode.start();
        mirror.start();
      }
      await bus.start();
      sweeper.start();
      await sales.start();
      queueTicker.start();
    },
    async close() {
      mode.stop();
      sales.stop();
      await queueTicker.stop();
      await sweeper.stop();
      await mirror.stop().catch(() => undefined);
      sink.target?.close();
      await bus.stop();
      redis.disconnect();
      probeRedis.disconnect();
      pubsub.pub.disconnect();
      pubsub.sub.disconnect();
      await db.destroy();
    },
  };
}
