import { type ClientToServerEvents, type ServerToClientEvents, tripRefSchema } from '@fastpass/shared';
import type { Socket } from 'socket.io';
import type { HoldService } from '../booking/hold.service';
import type { Principal } from '../auth/tokens';
import type { CatalogService } from '../catalog/catalog.service';
import type { AbuseLimits } from '../identity/abuse-limits';
import type { Logger } from '../infra/logger';
import { tripRoom } from './broadcaster';
import { handle } from './handler';

export function registerTripHandlers(
  socket: Socket<ClientToServerEvents, ServerToClientEvents>,
  deps: { holds: HoldService; catalog: CatalogService; log: Logger; abuse: AbuseLimits },
): void {
  const user = socket.data.user as Principal;
  socket.on(
    'trip:watch',
    handle(deps.log, tripRefSchema, async ({ tripId }) => {
      await deps.abuse.watch.consume(user.userId, 'too many trip:watch');
      // Join before reading: any change after the snapshot reaches us, and `v` drops the ones it already has.
      await deps.catalog.getTrip(tripId);
      socket.join(tripRoom(tripId));
      const snapshot = await deps.holds.snapshot(tripId);
      return { snapshot };
    }),
  );
  socket.on(
    'trip:unwatch',
    handle(deps.log, tripRefSchema, async ({ tripId }) => {
      socket.leave(tripRoom(tripId));
      return {};
    }),
  );
}
