/** The waiting room's live connection: joins on every (re)connect, then feeds the store from events. */
import { openBookingSocket } from '@/lib/booking-socket';
import { clearSession } from '@/lib/session';
import type { WaitingStore } from './store';

const ACK_TIMEOUT_MS = 8000;
const RETRY_UNAVAILABLE_MS = 3000;

export function connectQueue(baseUrl: string, store: WaitingStore): () => void {
  const { getState } = store;
  const tripId = getState().tripId;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const socket = openBookingSocket(baseUrl);

  // Joining is idempotent: after a reconnect (or a server restart) it returns the same place.
  function join(): void {
    socket.timeout(ACK_TIMEOUT_MS).emit('queue:join', { tripId }, (err, res) => {
      if (closed) return;
      if (err || !res) return schedule();
      if (res.ok) return getState().applyStatus(res);
      if (res.error.code === 'UNAVAILABLE') {
        getState().fail('unavailable', res.error.message);
        return schedule();
      }
      getState().fail('error', res.error.message);
    });
  }

  function schedule(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      if (socket.connected) join();
    }, RETRY_UNAVAILABLE_MS);
  }

  socket.on('connect', () => {
    getState().setConnected(true);
    join();
  });
  socket.on('disconnect', () => getState().setConnected(false));
  socket.on('connect_error', (err) => {
    getState().setConnected(false);
    if (/UNAUTHENTICATED|token/i.test(err.message)) clearSession();
  });
  socket.on('queue:update', (u) => getState().applyUpdate(u));
  socket.on('queue:admitted', (e) => getState().admit(e));
  // A server switching to database mode pauses new admissions; rejoining tells us where we stand.
  socket.on('server:mode', () => join());

  return () => {
    closed = true;
    if (retry) clearTimeout(retry);
    socket.removeAllListeners();
    socket.disconnect();
  };
}
