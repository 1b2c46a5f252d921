import type { Ack } from '@fastpass/shared';
import type { ZodType, z } from 'zod';
import { toAppError, validationError } from '../errors';
import type { Logger } from '../infra/logger';

/**
 * Wraps a socket event: parse with zod → run → ack. Every failure is acked with a contract error; a
 * missing ack callback or a throw can never take the server down. Socket.IO passes the ack as the last
 * argument, so a client that sends extra arguments is still answered (its payload is the first).
 */
export function handle<S extends ZodType, R extends object>(
  log: Logger,
  schema: S,
  run: (input: z.infer<S>) => Promise<R>,
) {
  return async (...args: unknown[]): Promise<void> => {
    const ack = args.at(-1);
    const payload = args.length > 1 || typeof ack !== 'function' ? args[0] : undefined;
    const reply = typeof ack === 'function' ? (ack as (r: Ack<R>) => void) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, error: validationError(parsed.error).toBody() });
    try {
      reply({ ok: true, ...(await run(parsed.data)) });
    } catch (err) {
      const app = toAppError(err);
      if (app.code === 'INTERNAL' || app.code === 'UNAVAILABLE') log.error({ err }, 'socket handler failed');
      reply({ ok: false, error: app.toBody() });
    }
  };
}
