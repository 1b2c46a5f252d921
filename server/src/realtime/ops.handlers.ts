import type { ClientToServerEvents, ServerToClientEvents } from '@fastpass/shared';
import type { Socket } from 'socket.io';
import { z } from 'zod/v4';
import type { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/tokens';
import type { Logger } from '../infra/logger';
import type { SaleFigures } from '../ops/sale-figures';
import type { IoServer } from './gateway';
import { handle } from './handler';

export const OPS_ROOM = 'ops';

/** `ops:watch` carries no fields. Built once: a schema per socket cost every connection ≈ 13 KB of heap on zod 4. */
const opsWatchSchema = z.object({}).passthrough();

/** `ops:watch` (operators): the socket joins this instance's operators' room. */
export function registerOpsHandlers(
  socket: Socket<ClientToServerEvents, ServerToClientEvents>,
  deps: { auth: AuthService; log: Logger },
): void {
  const user = socket.data.user as Principal;
  socket.on(
    'ops:watch',
    handle(deps.log, opsWatchSchema, async () => {
      await deps.auth.assertOperator(user);
      await socket.join(OPS_ROOM);
      return {};
    }),
  );
}

/**
 * Each instance pushes `ops:sales` to its own operators every `intervalMs`, and only while one is
 * watching here: the figures come from Redis and Postgres, so every instance sends the same ones.
 */
export function startOpsFeed(io: IoServer, figures: SaleFigures, log: Logger, intervalMs = 1000) {
  let busy = false;
  const timer = setInterval(() => {
    if (busy || !io.of('/').adapter.rooms.get(OPS_ROOM)?.size) return;
    busy = true;
    figures
      .read()
      .then((event) => io.local.to(OPS_ROOM).emit('ops:sales', event))
      .catch((err) => log.warn({ err: String(err) }, 'could not read sale figures'))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
