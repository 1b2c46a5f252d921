/**
 * The kiosk's one subscription to its station's board (`board:watch`, docs/kiosk-board.md): the whole
 * board on (re)connect, then `board:update` rows as seats and sales change. No polling.
 */
import type { Board, BoardUpdate } from '@fastpass/shared';
import { openBookingSocket } from '@/lib/booking-socket';

const ACK_TIMEOUT_MS = 8000;

/** Counts board updates received (read by the soak test via window.__boardUpdates, as __seatRenders is). */
function countUpdate(): void {
  const w = window as Window & { __boardUpdates?: number };
  w.__boardUpdates = (w.__boardUpdates ?? 0) + 1;
}

export interface BoardHandlers {
  onBoard(board: Board): void;
  onUpdate(update: BoardUpdate): void;
  onConnection(live: boolean, error?: string): void;
}

export interface BoardConnection {
  /** Watch again (a new day: the board's dates move on). */
  refresh(date: string): void;
  close(): void;
}

export function connectBoard(
  baseUrl: string,
  station: string,
  date: string,
  on: BoardHandlers,
): BoardConnection {
  const socket = openBookingSocket(baseUrl);
  let day = date;
  const watch = () =>
    socket.timeout(ACK_TIMEOUT_MS).emit('board:watch', { station, date: day }, (err, res) => {
      if (err || !res) return on.onConnection(false, 'no answer from the server');
      if (res.ok) {
        on.onBoard(res.board);
        on.onConnection(true);
      } else on.onConnection(false, res.error.message);
    });
  socket.on('connect', watch);
  socket.on('disconnect', () => on.onConnection(false));
  socket.on('connect_error', (e) => on.onConnection(false, e.message));
  socket.on('board:update', (u) => {
    countUpdate();
    if (u.station === station) on.onUpdate(u);
  });
  return {
    refresh(next) {
      day = next;
      if (socket.connected) watch();
    },
    close() {
      socket.off();
      socket.disconnect();
    },
  };
}
