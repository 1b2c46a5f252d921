import {
  type ClientToServerEvents,
  type ServerToClientEvents,
  boardRefSchema,
  boardWatchSchema,
} from '@fastpass/shared';
import type { Socket } from 'socket.io';
import type { Principal } from '../auth/tokens';
import { type BoardService, boardRoom } from '../board/board.service';
import type { AbuseLimits } from '../identity/abuse-limits';
import type { Logger } from '../infra/logger';
import { handle } from './handler';

/** `board:watch` / `board:unwatch` (extension, docs/kiosk-board.md): one subscription per board. */
export function registerBoardHandlers(
  socket: Socket<ClientToServerEvents, ServerToClientEvents>,
  deps: { board: BoardService; log: Logger; abuse: AbuseLimits },
): void {
  const user = socket.data.user as Principal | undefined;
  if (!user) return;
  socket.on(
    'board:watch',
    handle(deps.log, boardWatchSchema, async ({ station, date }) => {
      await deps.abuse.watch.consume(user.userId, 'too many board:watch');
      // Join before reading, as trip:watch does: a change after the read still reaches this socket.
      socket.join(boardRoom(station));
      try {
        return { board: await deps.board.board(station, date) };
      } catch (err) {
        socket.leave(boardRoom(station));
        throw err;
      }
    }),
  );
  socket.on(
    'board:unwatch',
    handle(deps.log, boardRefSchema, async ({ station }) => {
      socket.leave(boardRoom(station));
      return {};
    }),
  );
}
