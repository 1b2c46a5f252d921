/**
 * The trip page's live connection: it connects, reconnects, and maps server events and acks to store
 * actions. What those mean for the user (messages, which hold ended why) is decided in the store and
 * messages.ts, not here.
 */
import type { Ack, Hold } from '@fastpass/shared';
import { openBookingSocket } from '@/lib/booking-socket';
import { clearSession } from '@/lib/session';
import { NOT_CONNECTED, NO_ANSWER } from './messages';
import type { TripStore } from './store';

const ACK_TIMEOUT_MS = 8000;

export interface TripConnection {
  /** Holds seats for the chosen journey, or for `journey` (one part of a split journey). */
  hold(seatIds: string[], journey?: { from: string; to: string }): Promise<boolean>;
  holdBest(count: number, coach?: string): Promise<boolean>;
  release(holdId: string): Promise<boolean>;
  extend(holdId: string): Promise<boolean>;
  close(): void;
}

export function connectTrip(baseUrl: string, store: TripStore): TripConnection {
  const { getState } = store;
  const tripId = getState().tripId;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempts = 0;

  const socket = openBookingSocket(baseUrl);

  async function request<T extends object>(
    send: (ack: (err: Error | null, res: Ack<T>) => void) => void,
  ): Promise<Ack<T>> {
    if (!socket.connected) {
      return { ok: false, error: NOT_CONNECTED };
    }
    return new Promise((resolve) => {
      send((err, res) => resolve(err ? { ok: false, error: NO_ANSWER } : res));
    });
  }

  function watch(): void {
    socket.timeout(ACK_TIMEOUT_MS).emit('trip:watch', { tripId }, (err, res) => {
      if (err || !res) {
        // No answer in time: ask again while connected (the map is not live until one arrives).
        if (!closed && socket.connected) watch();
        return;
      }
      if (res.ok) {
        getState().applySnapshot(res.snapshot);
        getState().reconcileHolds(Date.now());
        // Live only now: before the snapshot, the map shows what it knew before (or nothing yet).
        getState().setConnection('connected');
      } else {
        getState().reportError(res.error);
      }
    });
  }

  socket.on('connect', () => {
    attempts = 0;
    watch();
  });

  socket.on('disconnect', (reason) => {
    if (closed) return;
    getState().setConnection('reconnecting');
    if (reason === 'io server disconnect') scheduleReconnect();
  });

  socket.on('connect_error', (err) => {
    if (closed) return;
    getState().setConnection('reconnecting');
    const data = (err as Error & { data?: { code?: string } }).data;
    if (/UNAUTHENTICATED|unauthori[sz]ed|token/i.test(`${err.message} ${data?.code ?? ''}`)) {
      // The stored token is not accepted any more: drop it; the next attempt signs in as a new guest.
      clearSession();
    }
    if (!socket.active) scheduleReconnect();
  });

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    const delay = Math.min(4000, 300 * 2 ** attempts++);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && !socket.connected) socket.connect();
    }, delay);
  }

  socket.on('seat:update', (update) => {
    const changed = getState().applyUpdate(update);
    if (changed.length) getState().announceSeatChanges(changed, Date.now());
  });

  socket.on('hold:expired', (event) => {
    if (event.tripId === tripId) getState().endHold(event.holdId, 'expired');
  });

  socket.on('server:mode', (event) => getState().setMode(event.mode));

  socket.on('sale:update', (event) => {
    if (event.tripId === tripId) getState().setSale(event.sale);
  });

  socket.on('trip:cancelled', (event) => {
    if (event.tripId === tripId) getState().cancelTrip();
  });

  async function holdWith(seatIds: string[], send: () => Promise<Ack<{ hold: Hold }>>): Promise<boolean> {
    getState().setPending(seatIds, true);
    const res = await send();
    getState().setPending(seatIds, false);
    if (res.ok) getState().addHold(res.hold, 'held');
    else getState().reportError(res.error, true);
    return res.ok;
  }

  return {
    hold(seatIds, journey) {
      const { from, to } = journey ?? getState();
      const { needs } = getState();
      const payload = { tripId, seatIds, from, to, ...(needs.length ? { needs } : {}) };
      return holdWith(seatIds, () =>
        request<{ hold: Hold }>((ack) => socket.timeout(ACK_TIMEOUT_MS).emit('seat:hold', payload, ack)),
      );
    },
    holdBest(count, coach) {
      const { from, to } = getState();
      return holdWith([], () =>
        request<{ hold: Hold }>((ack) =>
          socket
            .timeout(ACK_TIMEOUT_MS)
            .emit('seat:holdBest', { tripId, from, to, count, ...(coach ? { coach } : {}) }, ack),
        ),
      );
    },
    async release(holdId) {
      const res = await request<object>((ack) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('seat:release', { holdId }, ack),
      );
      // Already gone on the server counts as released: what the user asked for is true.
      if (res.ok || res.error.code === 'HOLD_EXPIRED' || res.error.code === 'NOT_FOUND') {
        getState().endHold(holdId, 'released');
        return true;
      }
      getState().reportError(res.error);
      return false;
    },
    async extend(holdId) {
      const res = await request<{ hold: Hold }>((ack) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('hold:extend', { holdId }, ack),
      );
      if (res.ok) getState().addHold(res.hold, 'extended');
      else getState().reportError(res.error);
      return res.ok;
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
