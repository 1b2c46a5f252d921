import { createServer } from 'node:http';
import express from 'express';
import type { Admin } from './admin/build';
import { adminRoutes } from './admin/routes';
import type { AuthService } from './auth/auth.service';
import type { TokenSigner } from './auth/tokens';
import type { BoardService } from './board/board.service';
import type { HoldService } from './booking/hold.service';
import type { MyHoldsRepo } from './booking/postgres/my-holds.repo';
import type { CatalogService } from './catalog/catalog.service';
import type { SearchService } from './catalog/search.service';
import type { Config } from './config';
import { authRoutes } from './http/auth.routes';
import { catalogRoutes } from './http/catalog.routes';
import { devRoutes } from './http/dev.routes';
import { type HealthProbe, healthRoutes } from './http/health.routes';
import { holdRoutes } from './http/holds.routes';
import { authenticate, errorHandler, notFoundRoute } from './http/middleware';
import { opsRoutes } from './http/ops.routes';
import { orderRoutes } from './http/orders.routes';
import { paymentRoutes, paymentWebhookRoutes } from './http/payments.routes';
import { ticketRoutes } from './http/tickets.routes';
import { queueRoutes } from './http/queue.routes';
import { requestContext } from './http/request-context';
import { salesRoutes } from './http/sales.routes';
import { cors, securityHeaders } from './http/security';
import type { AbuseLimits } from './identity/abuse-limits';
import type { PhoneVerificationService } from './identity/phone-verification.service';
import type { SmsProvider } from './identity/sms-provider';
import type { Drain } from './infra/drain';
import type { Logger } from './infra/logger';
import type { Metrics } from './infra/metrics';
import type { RateLimiter } from './infra/rate-limit';
import type { TripFigures } from './ops/trip-figures';
import type { OrderService } from './orders/order.service';
import type { PaymentService } from './payments/payment.service';
import type { SandboxProvider } from './payments/sandbox-provider';
import type { TicketSigner } from './tickets/ticket-signer';
import type { TicketService } from './tickets/ticket.service';
import type { QueueService } from './sales/queue/queue.service';
import type { SaleService } from './sales/sale.service';
import { type IoServer, attachHandlers } from './realtime/gateway';
import { registerBoardHandlers } from './realtime/board.handlers';
import { registerOpsHandlers } from './realtime/ops.handlers';
import { registerQueueHandlers } from './realtime/queue.handlers';
import { answerWatcherCounts } from './realtime/watchers';
import { apiRoleGate, rolesOf, socketRoleGate } from './roles';

export interface AppDeps {
  config: Pick<
    Config,
    'corsOrigin' | 'metricsAccess' | 'timeZone' | 'trustProxy' | 'limits' | 'maxSeatsPerUser' | 'holdTtlMs'
  > &
    Partial<Pick<Config, 'roles'>>;
  log: Logger;
  metrics: Metrics;
  tokens: TokenSigner;
  auth: AuthService;
  catalog: CatalogService;
  sales: SaleService;
  search: SearchService;
  holds: HoldService;
  /** A user's live holds on every trip (`GET /api/holds`). */
  myHolds: MyHoldsRepo;
  /** Stations' departures boards (`board:watch`). */
  board: BoardService;
  orders: OrderService;
  queue: QueueService;
  tripFigures: TripFigures;
  admin: Admin;
  limiter: RateLimiter;
  abuse: AbuseLimits;
  phones: PhoneVerificationService;
  sms: SmsProvider | null;
  probe: HealthProbe;
  /** Work in flight, and the phases of a graceful shutdown (shutdown.ts). */
  drain: Drain;
  /** Created before the services (they broadcast through it); attached to the HTTP server here. */
  io: IoServer;
  /** Null with PAYMENTS=off (docs/payments.md). */
  payments: PaymentService | null;
  sandbox: SandboxProvider | null;
  tickets: TicketService;
  ticketSigner: TicketSigner;
}

/** HTTP + Socket.IO wiring over injected services; no business rules here. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', 'simple');
  app.use(deps.drain.http());
  app.use(securityHeaders());
  app.use(cors(deps.config.corsOrigin));
  app.use(requestContext(deps.metrics));
  const roles = rolesOf(deps.config);
  app.use('/api', apiRoleGate(roles));
  // Signed webhooks are verified over their raw bytes, so they are routed before JSON parsing.
  app.use('/api', paymentWebhookRoutes(deps));
  app.use(express.json({ limit: '32kb' }));
  app.use(
    healthRoutes({
      probe: deps.probe,
      registry: deps.metrics.registry,
      drain: deps.drain,
      metricsAccess: deps.config.metricsAccess,
    }),
  );
  app.use('/api', authRoutes(deps));
  app.use('/api', devRoutes(deps));
  app.use('/api', catalogRoutes(deps));
  app.use('/api', holdRoutes(deps));
  app.use('/api', orderRoutes(deps));
  app.use('/api', paymentRoutes(deps));
  app.use('/api', ticketRoutes(deps));
  app.use('/api', opsRoutes(deps));
  // Operator actions ask the database for the role (a token's role can be stale: auth.service.ts).
  app.use(
    '/api',
    salesRoutes({ ...deps, operator: (req) => deps.auth.assertOperator(authenticate(deps.tokens, req)) }),
  );
  app.use('/api', queueRoutes(deps));
  app.use('/api', adminRoutes({ ...deps.admin, tokens: deps.tokens, auth: deps.auth }));
  app.use(notFoundRoute);
  app.use(errorHandler(deps.log));

  const http = createServer(app);
  const { io } = deps;
  io.attach(http);
  // Without the realtime role the Socket.IO server only carries this process's broadcasts (adapter).
  if (roles.realtime) {
    attachHandlers(io, deps);
    io.on('connection', (socket) => registerQueueHandlers(socket, deps));
    io.on('connection', (socket) => registerBoardHandlers(socket, deps));
    io.on('connection', (socket) => registerOpsHandlers(socket, deps));
    answerWatcherCounts(io);
  } else io.use(socketRoleGate);
  return { app, http, io };
}
