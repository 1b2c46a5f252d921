import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The request a piece of work belongs to: one id per socket event or HTTP request, carried through
 * every await (AsyncLocalStorage), so each log line on the way — the handler, the Lua script's outcome,
 * the broadcast that carries the change — names it (`reqId`, added by the logger).
 */
const storage = new AsyncLocalStorage<{ reqId: string }>();

export function newRequestId(): string {
  return randomBytes(8).toString('base64url');
}

export function withRequest<T>(reqId: string, run: () => T): T {
  return storage.run({ reqId }, run);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.reqId;
}
