import { z } from 'zod/v4';
import { type IdentityConfig, identityConfig, identityEnv } from './identity/identity.config';
import { type PaymentsConfig, paymentsConfig, paymentsEnv } from './payments/payments.config';

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

/** Environment → typed config. Contract variables first, then documented extensions (docs/configuration.md). */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().min(1).default('postgres://postgres:postgres@127.0.0.1:5432/fastpass'),
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  HOLD_TTL_SECONDS: z.coerce.number().positive().default(600),
  MAX_SEATS_PER_USER: z.coerce.number().int().min(1).max(10).default(4),
  TIMEZONE: z.string().min(1).default('Asia/Dhaka'),
  AUTH_SECRET: z
    .string()
    .refine((v) => Buffer.byteLength(v) >= 32, 'must be at least 32 bytes (e.g. `openssl rand -base64 48`)')
    .optional(),
  GUEST_AUTH: bool.prefault('on'),
  BROADCAST_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(25),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(20).max(5000).default(200),
  RATE_LIMIT_PER_SEC: z.coerce.number().min(0).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGIN: z.string().optional(),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  HOLD_STORE: z.enum(['auto', 'postgres']).default('auto'),
  PURCHASE_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(64),
  SALE_CUTOFF_MINUTES: z.coerce.number().min(0).max(1440).default(30),
  SALES_REFRESH_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  ...identityEnv,
  ...paymentsEnv,
  QUEUE_TICK_MS: z.coerce.number().int().min(20).max(5000).default(1000),
  // Operations (docs/operations.md).
  TRIP_HORIZON_DAYS: z.coerce.number().int().min(0).max(120).default(14),
  TRIP_GENERATE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
  CATALOG_REFRESH_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  BOARD_UPDATE_WINDOW_MS: z.coerce.number().int().min(10).max(5000).default(200),
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, 'must be host:port,host:port,…')
    .optional(),
  ROLES: z
    .string()
    .regex(/^\s*(api|realtime|worker)\s*(,\s*(api|realtime|worker)\s*)*$/, 'must list api, realtime, worker')
    .default('api,realtime,worker'),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(1000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
});

export type Env = z.input<typeof schema>;

export interface Config extends IdentityConfig, PaymentsConfig {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  holdTtlMs: number;
  maxSeatsPerUser: number;
  timeZone: string;
  /** Absent outside production when not configured: index.ts then resolves one (auth/secret.ts). */
  authSecret: string | undefined;
  guestAuth: boolean;
  broadcastWindowMs: number;
  sweepIntervalMs: number;
  rateLimitPerSec: number;
  logLevel: string;
  /** `*` (any origin, development default) or a comma-separated list; empty = same-origin only (production default). */
  corsOrigin: string;
  /** Who may read /metrics: anyone (development), bearers of this token, or nobody (production without one). */
  metricsAccess: { token: string } | 'public' | 'closed';
  /** Bench/ops only: `auto` (Redis, Postgres while Redis is down), or pin one strategy. */
  holdStore: 'auto' | 'postgres';
  /** Most orders written in one statement (group commit); 1 writes each order on its own. */
  purchaseBatchMax: number;
  /** Booking from a stop closes this long before the train leaves it. */
  saleCutoffMs: number;
  /** How often each instance re-checks the sales table (a pause reaches every instance within this). */
  salesRefreshMs: number;
  /** Waiting room: how often admissions are made and waiters told their position. */
  queueTickMs: number;
  /** Trips are generated from schedules this many days ahead (docs/operations.md). */
  tripHorizonDays: number;
  tripGenerateIntervalMs: number;
  /** How often each instance checks `catalog_version` (an operator's edit reaches it within this). */
  catalogRefreshMs: number;
  boardUpdateWindowMs: number;
  /** Redis Cluster seed nodes (`host:port`); when set, every Redis use goes to the cluster, not `redisUrl`. */
  redisClusterNodes: string[] | null;
  /** What this process runs (docs/deployment.md): any of api, realtime, worker. */
  roles: Role[];
  /** SIGTERM: how long /readyz says 503 before connections stop, and the longest wait for in-flight work. */
  shutdown: { delayMs: number; timeoutMs: number };
}

export type Role = 'api' | 'realtime' | 'worker';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`bad configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.AUTH_SECRET) {
    throw new Error('AUTH_SECRET is required when NODE_ENV=production (at least 32 bytes)');
  }
  return {
    ...identityConfig(e),
    ...paymentsConfig(e),
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    holdTtlMs: Math.round(e.HOLD_TTL_SECONDS * 1000),
    maxSeatsPerUser: e.MAX_SEATS_PER_USER,
    timeZone: e.TIMEZONE,
    authSecret: e.AUTH_SECRET,
    guestAuth: e.GUEST_AUTH,
    broadcastWindowMs: e.BROADCAST_WINDOW_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    rateLimitPerSec: e.RATE_LIMIT_PER_SEC,
    logLevel: e.LOG_LEVEL,
    corsOrigin: e.CORS_ORIGIN ?? (production ? '' : '*'),
    metricsAccess: e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : production ? 'closed' : 'public',
    holdStore: e.HOLD_STORE,
    purchaseBatchMax: e.PURCHASE_BATCH_MAX,
    saleCutoffMs: Math.round(e.SALE_CUTOFF_MINUTES * 60_000),
    salesRefreshMs: e.SALES_REFRESH_MS,
    queueTickMs: e.QUEUE_TICK_MS,
    tripHorizonDays: e.TRIP_HORIZON_DAYS,
    tripGenerateIntervalMs: e.TRIP_GENERATE_INTERVAL_MS,
    catalogRefreshMs: e.CATALOG_REFRESH_MS,
    boardUpdateWindowMs: e.BOARD_UPDATE_WINDOW_MS,
    redisClusterNodes: e.REDIS_CLUSTER_NODES ? e.REDIS_CLUSTER_NODES.split(',').map((n) => n.trim()) : null,
    roles: [...new Set(e.ROLES.split(',').map((r) => r.trim() as Role))],
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
  };
}
