import type { Ack } from '@fastpass/shared';
import type { ZodType, z } from 'zod/v4';
import { toAppError, validationError } from '../errors';
import type { Logger } from '../infra/logger';
import { newRequestId, withRequest } from '../infra/request-context';

/**
 * Wraps a socket event: parse with zod → run → ack. Every failure is acked with a contract error; a
 * missing ack callback or a throw can never take the server down. Socket.IO passes the ack as the last
 * argument, so a client that sends extra arguments is still answered (its payload is the first). Each
 * event runs under a request id of its own, which every log line it causes carries
 * (infra/request-context.ts).
 */
export function handle<S extends ZodType, R extends object>(
  log: Logger,
  schema: S,
  run: (input: z.infer<S>) => Promise<R>,
) {
  return (...args: unknown[]): Promise<void> => {
    const ack = args.at(-1);
    const payload = args.length > 1 || typeof ack !== 'function' ? args[0] : undefined;
    const reqId = newRequestId();
    return withRequest(reqId, () => answer(log, schema, run, payload, ack, reqId));
  };
}

async function answer<S extends ZodType, R extends object>(
  log: Logger,
  schema: S,
  run: (input: z.infer<S>) => Promise<R>,
  payload: unknown,
  ack: unknown,
  reqId: string,
): Promise<void> {
  const reply = typeof ack === 'function' ? (ack as (r: Ack<R>) => void) : () => {};
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return reply({ ok: false, error: validationError(parsed.error).toBody() });
  const started = performance.now();
  try {
    reply({ ok: true, ...(await run(parsed.data)) });
    if (log.isLevelEnabled('debug'))
      log.debug({ ok: true, ms: Math.round(performance.now() - started) }, 'socket event answered');
  } catch (err) {
    const app = toAppError(err);
    if (app.code === 'INTERNAL' || app.code === 'UNAVAILABLE')
      log.error({ err, reqId }, 'socket handler failed');
    else if (log.isLevelEnabled('debug')) log.debug({ ok: false, code: app.code }, 'socket event answered');
    reply({ ok: false, error: app.toBody() });
  }
}
