import {
  type ClientToServerEvents,
  type ServerToClientEvents,
  holdBestSchema,
  holdRefSchema,
  seatHoldSchema,
} from '@fastpass/shared';
import type { Socket } from 'socket.io';
import type { Principal } from '../auth/tokens';
import type { HoldService } from '../booking/hold.service';
import type { Logger } from '../infra/logger';
import type { RateLimiter } from '../infra/rate-limit';
import { handle } from './handler';

export function registerSeatHandlers(
  socket: Socket<ClientToServerEvents, ServerToClientEvents>,
  deps: { holds: HoldService; log: Logger; limiter: RateLimiter },
): void {
  const user = socket.data.user as Principal;
  const limited = () => deps.limiter.consume(user.userId);
  socket.on(
    'seat:hold',
    handle(deps.log, seatHoldSchema, async ({ tripId, ...req }) => {
      await limited();
      return { hold: await deps.holds.hold(user, tripId, req) };
    }),
  );
  socket.on(
    'seat:holdBest',
    handle(deps.log, holdBestSchema, async (req) => {
      await limited();
      return { hold: await deps.holds.holdBest(user, req) };
    }),
  );
  socket.on(
    'seat:release',
    handle(deps.log, holdRefSchema, async ({ holdId }) => {
      await limited();
      await deps.holds.release(user, holdId);
      return {};
    }),
  );
  socket.on(
    'hold:extend',
    handle(deps.log, holdRefSchema, async ({ holdId }) => {
      await limited();
      return { hold: await deps.holds.extend(user, holdId) };
    }),
  );
}
