import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TripSummary,
  zonedDate,
} from '@fastpass/shared';
import { type Socket, io as connect } from 'socket.io-client';
import { gracefulShutdown } from '../src/shutdown';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { buildDeps } from '../src/deps';
import { type Db, createDb } from '../src/infra/db';
import { type Logger, createLogger } from '../src/infra/logger';
import { insertTrip } from '../../db/trips';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} must be set: run the suites through \`npm test\`, which provisions real services`,
    );
  return v;
}

export const databaseUrl = () => requiredEnv('DATABASE_URL');
export const redisUrl = () => requiredEnv('REDIS_URL');

export interface TestServer {
  url: string;
  close: () => Promise<void>;
  deps: ReturnType<typeof buildDeps>;
}

/** One token secret per test process: every server a test starts accepts the others' tokens. */
export const TEST_AUTH_SECRET = process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url');

/**
 * Suites create many accounts and sockets from 127.0.0.1; the front-door limits are off unless a test
 * (abuse-limits.test.ts, phone.test.ts) turns them on.
 */
export const NO_ABUSE_LIMITS: Record<string, string> = {
  RATE_LIMIT_PER_SEC: '0',
  GUEST_LIMIT_PER_MINUTE: '0',
  REGISTER_LIMIT_PER_MINUTE: '0',
  LOGIN_LIMIT_PER_MINUTE: '0',
  LOGIN_FAILURES_BEFORE_BLOCK: '0',
  OTP_LIMIT_PER_PHONE_PER_HOUR: '0',
  OTP_LIMIT_PER_ADDRESS_PER_HOUR: '0',
  OTP_VERIFY_LIMIT_PER_MINUTE: '0',
  MAX_SOCKETS_PER_USER: '0',
  MAX_SOCKETS_PER_ADDRESS: '0',
  WATCH_LIMIT_PER_SEC: '0',
};

/** A real booking server (real Redis + Postgres) on an ephemeral loopback port. */
export async function startServer(
  env: Record<string, string> = {},
  options: Parameters<typeof buildDeps>[2] = {},
  log?: Logger,
): Promise<TestServer> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl(),
    REDIS_URL: redisUrl(),
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUTH_SECRET: TEST_AUTH_SECRET,
    SMS_PROVIDER: 'sandbox',
    // The v1 suites expect a purchase to confirm at once; payment suites pass PAYMENTS=sandbox.
    PAYMENTS: 'off',
    ...NO_ABUSE_LIMITS,
    ...env,
  });
  const deps = buildDeps(config, log ?? createLogger(config.logLevel), options);
  const { http, io } = createApp(deps.appDeps);
  await deps.start();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    close: () =>
      gracefulShutdown(
        { http, io, drain: deps.appDeps.drain, log: deps.appDeps.log, close: deps.close },
        { delayMs: 0, timeoutMs: 5000 },
      ),
  };
}

let db: Db | undefined;
export function testDb(): Db {
  db ??= createDb(databaseUrl());
  return db;
}

/**
 * A fresh trip of train 703 (DHK … CTG, 10 stops) on a random far-future date, so each test file has
 * seats nobody else touches; `departsAt` puts it at a chosen instant instead (departed, near cutoff).
 */
export async function tripDate(tripId: string): Promise<string> {
  const row = await testDb()('trips')
    .where({ id: tripId })
    .first(testDb().raw(`to_char(date, 'YYYY-MM-DD') AS d`));
  return (row as { d: string }).d;
}

export async function createTrip(
  trainNumber = '703',
  opts: { departsAt?: Date; saleId?: string } = {},
): Promise<string> {
  // The date stays unique per test (one trip per train and date); departures may be set to now-ish.
  return (await insertTrip(testDb(), { trainNumber, ...opts })).id;
}

/**
 * Trips bookable now (of one train, if given): today's that have not closed, else tomorrow's (late in
 * the day all have left).
 */
export async function bookableTrips(base: string, trainNumber?: string): Promise<TripSummary[]> {
  for (const days of [0, 1]) {
    const r = await api(base, 'GET', `/api/trips?date=${zonedDate('Asia/Dhaka', days)}`);
    const open = (r.body as TripSummary[]).filter(
      (t) => t.bookable && (trainNumber === undefined || t.trainNumber === trainNumber),
    );
    if (open.length > 0) return open;
  }
  return [];
}

/**
 * The shared mode row back in cache mode: a suite that takes Redis away (or moves the row itself) must not
 * hand the next suite a deployment in database mode.
 */
export async function resetServiceMode(): Promise<void> {
  await testDb()('service_mode').where({ id: 1 }).update({ mode: 'cache' });
}

export async function closeTestDb(): Promise<void> {
  await db?.destroy();
  db = undefined;
}

export interface Http {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  body: any;
}

export async function api(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Http> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function guest(base: string): Promise<{ token: string; userId: string }> {
  const r = await api(base, 'POST', '/api/auth/guest');
  if (r.status !== 201) throw new Error(`guest failed: ${r.status}`);
  return { token: r.body.token, userId: r.body.user.id };
}

export function socketOf(base: string, token: string | undefined): Promise<ClientSocket> {
  const socket: ClientSocket = connect(base, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Emits with an acknowledgement and resolves with the ack payload. */
export function ask<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    // biome-ignore lint/suspicious/noExplicitAny: socket.io's emit overloads cannot express a generic event name
    (socket.emit as any)(event, payload, resolve);
  });
}

/** Resolves with the first event matching `predicate`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(payload);
    };
    socket.on(event, handler as never);
  });
}
