import type { Server as HttpServer } from 'node:http';
import type { IoServer } from './realtime/gateway';
import type { Drain } from './infra/drain';
import type { Logger } from './infra/logger';

export interface Stoppable {
  http: HttpServer;
  io: IoServer;
  drain: Drain;
  log: Logger;
  /** Flushes pending broadcasts and the hold mirror, stops the jobs, closes Redis and Postgres. */
  close: () => Promise<void>;
}

export interface ShutdownTiming {
  /** How long /readyz says 503 before this instance stops taking connections (load balancers notice). */
  delayMs: number;
  /** The longest in-flight requests are waited for. */
  timeoutMs: number;
}

/**
 * Stops one instance without dropping work it accepted (a rolling restart must lose no acknowledged hold
 * or order and leave no request hanging):
 *  1. not ready: /readyz 503, new sockets refused, HTTP answers close their connections;
 *  2. after `delayMs`, stop accepting connections;
 *  3. socket events not yet started are answered UNAVAILABLE; requests already running finish and are
 *     answered (bounded by `timeoutMs`);
 *  4. pending broadcasts and mirror writes are flushed and jobs stopped (`close`);
 *  5. every socket's transport is closed, so clients reconnect (to another instance) on their own.
 */
export async function gracefulShutdown(s: Stoppable, timing: ShutdownTiming): Promise<void> {
  const t0 = Date.now();
  s.drain.begin();
  s.log.info({ delayMs: timing.delayMs }, 'draining: readyz now 503');
  if (timing.delayMs > 0) await new Promise((r) => setTimeout(r, timing.delayMs));
  const closed = new Promise<void>((resolve) => s.http.close(() => resolve()));
  s.http.closeIdleConnections();
  s.drain.refuseNewWork();
  const idle = await s.drain.idle(timing.timeoutMs);
  if (!idle) s.log.warn({ pending: s.drain.pending }, 'shutdown: in-flight requests did not finish in time');
  await s.close();
  // Closing the transport (not a server-side disconnect) makes Socket.IO clients reconnect by themselves.
  for (const socket of s.io.of('/').sockets.values()) socket.conn.close();
  s.io.engine.close();
  s.http.closeAllConnections();
  await closed;
  s.log.info({ ms: Date.now() - t0 }, 'drained and stopped');
}
