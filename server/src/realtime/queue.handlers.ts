import { type ClientToServerEvents, type ServerToClientEvents, tripRefSchema } from '@fastpass/shared';
import type { Socket } from 'socket.io';
import type { Principal } from '../auth/tokens';
import type { Logger } from '../infra/logger';
import type { RateLimiter } from '../infra/rate-limit';
import type { QueueService } from '../sales/queue/queue.service';
import { handle } from './handler';

/** `queue:join`: the socket then gets `queue:update`s while waiting and `queue:admitted` when let in. */
export function registerQueueHandlers(
  socket: Socket<ClientToServerEvents, ServerToClientEvents>,
  deps: { queue: QueueService; log: Logger; limiter: RateLimiter },
): void {
  const user = socket.data.user as Principal;
  socket.on(
    'queue:join',
    handle(deps.log, tripRefSchema, async ({ tripId }) => {
      await deps.limiter.consume(user.userId);
      return deps.queue.join(user, tripId, socket);
    }),
  );
}
