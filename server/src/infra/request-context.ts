import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The request a piece of work belongs to: one id per socket event or HTTP request, carried through
 * every await (AsyncLocalStorage), so each log line on the way — the handler, the Lua script's outcome,
 * the broadcast that carries the change — names it (`reqId`, added by the logger).
 *
 * Carrying it costs every promise in the process a hook (AsyncLocalStorage on Node 20), a few per cent
 * of a rush, and only debug lines follow a request. So ids follow work only once a logger at `debug`
 * or finer exists (`traceRequests`, called by createLogger); otherwise `withRequest` just runs.
 */
const storage = new AsyncLocalStorage<{ reqId: string }>();
let tracing = false;

export function traceRequests(): void {
  tracing = true;
}

/** Unique per process and across processes (a random prefix), without a system call per id. */
const prefix = randomBytes(6).toString('base64url');
let counter = 0;
export function newRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}${counter.toString(36)}`;
}

export function withRequest<T>(reqId: string, run: () => T): T {
  return tracing ? storage.run({ reqId }, run) : run();
}

export function currentRequestId(): string | undefined {
  return tracing ? storage.getStore()?.reqId : undefined;
}
