import { randomBytes } from 'node:crypto';
import type { AppDeps } from './app';
import { HoldService } from './booking/hold.service';
import { buildBoard } from './board/build';
import { MyHoldsRepo } from './booking/postgres/my-holds.repo';
import { ActiveTrips } from './booking/redis/active-trips';
import { Sweeper } from './booking/sweeper';
import { TripStateRepo } from './booking/trip-state.repo';
import { CatalogRepo } from './catalog/catalog.repo';
import { CatalogService } from './catalog/catalog.service';
import { CatalogWatch } from './catalog/catalog-watch';
import { buildAdmin } from './admin/build';
import { SearchService } from './catalog/search.service';
import { AdmissionsRepo } from './sales/queue/admissions.repo';
import { QueueTicker } from './sales/queue/queue-ticker';
import { QueueService } from './sales/queue/queue.service';
import { QueueStore } from './sales/queue/queue.store';
import { SaleService } from './sales/sale.service';
import { SalesRepo } from './sales/sales.repo';
import type { Config } from './config';
import { buildIdentity } from './identity/build';
import { type Logger, createLogger } from './infra/logger';
import { createMetrics, observeParts } from './infra/metrics';
import { DependencyProbe } from './infra/probe';
import { Drain } from './infra/drain';
import { RateLimiter } from './infra/rate-limit';
import { connect } from './infra/connections';
import { quitWithin } from './infra/redis';
import { CacheOutbox } from './orders/cache-outbox';
import { OrderService } from './orders/order.service';
import { buildPayments } from './payments/build';
import { Receipts, SandboxOutboxNotifier } from './tickets/receipts';
import { TicketService } from './tickets/ticket.service';
import { TicketSigner } from './tickets/ticket-signer';
import { OrdersRepo } from './orders/orders.repo';
import { PurchaseBatcher } from './orders/purchase-batcher';
import { type HoldStoreFactory, buildStoreChain } from './failover/store-chain';
import { SaleFigures } from './ops/sale-figures';
import { TripFigures } from './ops/trip-figures';
import { Broadcaster } from './realtime/broadcaster';
import { createIo } from './realtime/gateway';
import { announceChanges } from './realtime/announcements';
import { startOpsFeed } from './realtime/ops.handlers';
import { PgBus } from './realtime/pg-bus';
import { watcherCounts } from './realtime/watchers';
import { rolesOf } from './roles';

/** What a subscriber connection emits for a published message (plain, pattern and sharded channels). */
const SUBSCRIBER_EVENTS = [
  'message',
  'messageBuffer',
  'pmessage',
  'pmessageBuffer',
  'smessage',
  'smessageBuffer',
];

/** Builds every service from config: the only place that knows concrete implementations. */
export function buildDeps(
  config: Config,
  log: Logger = createLogger(config.logLevel),
  options: { holdStore?: HoldStoreFactory } = {},
) {
  const instanceId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const roles = rolesOf(config);
  const metrics = createMetrics();
  const { db, redis, probeRedis, pubsub } = connect(config, log);

  // Realtime first: every service publishes its effects through the broadcaster. While Redis is down
  // the broadcaster reaches the other instances over the Postgres bus.
  const io = createIo({
    corsOrigin: config.corsOrigin,
    pubsub,
    delivered: ({ direct, routed }) => {
      if (direct > 0) metrics.roomWrites.inc({ path: 'direct' }, direct);
      if (routed > 0) metrics.roomWrites.inc({ path: 'socket.io' }, routed);
    },
  });
  const bus = new PgBus(config.databaseUrl, db, instanceId, log, (m) =>
    broadcaster.deliverLocal(m.room, m.event, m.payload),
  );
  const broadcaster = new Broadcaster(
    io,
    config.broadcastWindowMs,
    metrics,
    { active: () => chain.fallbackActive(), bus },
    log,
  );

  // Who is asking, and how often they may (identity/).
  const { tokens, abuse, sms, auth, phones } = buildIdentity(config, { db, redis, log });
  const catalog = new CatalogService(new CatalogRepo(db));
  const sales = new SaleService(new SalesRepo(db), {
    refreshMs: config.salesRefreshMs,
    cutoffMs: config.saleCutoffMs,
    log,
  });
  // The hold stores and the failover between them (failover/store-chain.ts).
  const activeTrips = new ActiveTrips(redis as ConstructorParameters<typeof ActiveTrips>[0]);
  const chain = buildStoreChain({
    config,
    db,
    redis,
    probeRedis,
    tripState: new TripStateRepo(db),
    activeTrips,
    sink: broadcaster,
    instanceId,
    log,
    metrics,
    holdStore: options.holdStore,
  });
  const { store, publicMode, fallbackActive } = chain;

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
    admits: roles.worker,
    onAdmitted: (sale, n) => metrics.queueAdmitted.inc({ sale }, n),
  });
  observeParts(metrics, {
    mode: () => publicMode(),
    mirrorLagMs: () => chain.mirror.lagMs(),
    waiting: () => new Map([...queue.waiters.bySale].map(([sale, w]) => [sale, w.size])),
  });

  const holds = new HoldService({
    admission: queue,
    catalog,
    sales,
    store,
    sink: broadcaster,
    metrics,
    holdTtlMs: config.holdTtlMs,
    maxSeatsPerUser: config.maxSeatsPerUser,
    onHold: (tripId) => {
      if (fallbackActive()) return; // the database-mode sweeper asks Postgres which trips have holds
      activeTrips.touchSoon(tripId, (err) =>
        log.debug({ err: String(err) }, 'could not track trip for sweeping'),
      );
    },
  });
  const ordersRepo = new OrdersRepo(db);
  // A few writes in flight at once (of the pool's 20 connections); the rest wait and go together.
  const batcher = new PurchaseBatcher(ordersRepo, { maxBatch: config.purchaseBatchMax, maxInFlight: 4 });
  // Redis converges to Postgres through the outbox; money through the payment provider (payments/).
  const outbox = new CacheOutbox(
    { db, store, sink: broadcaster, log },
    { intervalMs: config.cacheOutboxIntervalMs, graceMs: 2000 },
  );
  // Receipts need the order view, which needs the order service: bound once both exist.
  let receipts: Receipts | null = null;
  const { payments, sandbox, reconciler } = buildPayments(config, {
    db,
    holds,
    store,
    sink: broadcaster,
    outbox,
    log,
    onConfirmed: (orderId) => void receipts?.sendFor(orderId),
  });
  const ticketSigner = TicketSigner.fromSecret(config.authSecret as string, config.ticketSigningSeed); // buildIdentity refused a missing secret;
  const tickets = new TicketService({ db, signer: ticketSigner, catalog });
  const orders = new OrderService({
    repo: ordersRepo,
    batcher,
    catalog,
    holds,
    store,
    sink: broadcaster,
    log,
    metrics,
    outbox,
    payments,
    paymentGraceMs: config.paymentGraceMs,
    feeSchedule: config.feeSchedule,
    tickets,
    onConfirmed: (order, buyer) => void receipts?.sendFor(order.id, order, buyer),
  });
  receipts = new Receipts({
    db,
    notifier: new SandboxOutboxNotifier(db),
    view: (id) => orders.view(id),
    log,
  });
  const sweeper = new Sweeper(redis, activeTrips, store, broadcaster, config.sweepIntervalMs, log, {
    active: () => publicMode() === 'database',
    trips: () => chain.pgStore.tripsWithLiveHolds(),
  });
  announceChanges(io, { sales, mode: chain.mode, mirror: chain.mirror, catalog });
  // Business details kept by operators, and the trip generator (admin/).
  const admin = buildAdmin({
    db,
    redis,
    catalog,
    auth,
    orders,
    emit: (room, event, payload) => broadcaster.emit(room, event, payload),
    config,
    log,
  });
  const catalogWatch = new CatalogWatch(catalog, { refreshMs: config.catalogRefreshMs, log });
  const saleFigures = new SaleFigures({
    db,
    sales,
    counts: (ids) =>
      publicMode() === 'cache' ? chain.redisStore.decisionCounts(ids) : Promise.resolve(new Map()),
    queue: (saleId) => queueStore.lengths(saleId),
    mode: publicMode,
  });
  let stopOpsFeed = () => {};

  const tripFigures = new TripFigures({
    // Redis counts every decision it makes; in database mode there is nothing to count there.
    counts: (ids) =>
      publicMode() === 'cache' ? chain.redisStore.decisionCounts(ids) : Promise.resolve(new Map()),
    watchers: (ids) => watcherCounts(io, ids),
  });

  // Stations' live departures boards (board/): fed by every flushed seat change and sale change.
  const search = new SearchService(catalog, holds, sales, config.timeZone);
  const board = buildBoard({
    catalog,
    search,
    broadcaster,
    sales,
    log,
    timeZone: config.timeZone,
    windowMs: config.boardUpdateWindowMs,
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
    search,
    board,
    holds,
    myHolds: new MyHoldsRepo(db),
    orders,
    queue,
    tripFigures,
    admin,
    limiter: new RateLimiter(config.rateLimitPerSec, redis),
    probe: new DependencyProbe(redis, db, publicMode),
    drain: new Drain(),
    io,
    payments,
    sandbox,
    tickets,
    ticketSigner,
  };

  return {
    appDeps,
    sweeper,
    queueTicker,
    mode: chain.mode,
    mirror: chain.mirror,
    instanceId,
    outbox,
    payments,
    reconciler,
    async start() {
      await chain.start();
      await bus.start();
      if (roles.worker) sweeper.start();
      await sales.start();
      if (roles.worker || roles.realtime) queueTicker.start();
      // Every process serves the catalog, so every one watches for operators' edits.
      await catalogWatch.start();
      if (roles.realtime) stopOpsFeed = startOpsFeed(io, saleFigures, log);
      // Background settling that any one process may do (idempotent): the workers' job.
      if (roles.worker) {
        outbox.start();
        reconciler?.start();
        admin.generator.start();
      }
    },
    async close() {
      await reconciler?.stop();
      sandbox?.close();
      await outbox.stop();
      sales.stop();
      catalogWatch.stop();
      stopOpsFeed();
      await admin.generator.stop();
      await queueTicker.stop();
      await sweeper.stop();
      await chain.stop();
      broadcaster.close();
      board.close();
      await bus.stop();
      // Stop hearing the other instances first: the adapter answers their requests through the publisher,
      // and a publish on a closed connection is a rejection nobody handles.
      for (const event of SUBSCRIBER_EVENTS) pubsub.sub.removeAllListeners(event);
      redis.disconnect();
      probeRedis.disconnect();
      // The adapter never awaits its publishes (the last updates were just flushed): closing the
      // publisher under them would reject each one with nobody to handle it.
      await quitWithin(pubsub.pub, 1000);
      pubsub.sub.disconnect();
      await db.destroy();
    },
  };
}
