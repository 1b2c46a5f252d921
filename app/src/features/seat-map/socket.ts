/** The trip page's live connection: Socket.IO events in, store actions out; hold/release requests out. */
import type { Ack, ClientToServerEvents, ErrorBody, Hold, ServerToClientEvents } from '@fastpass/shared';
import { type Socket, io } from 'socket.io-client';
import { journeyMask } from '@fastpass/shared';
import { clearSession, ensureToken } from '@/lib/session';
import type { TripStore } from './store';

type FastPassSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8000;

export interface TripConnection {
  hold(seatIds: string[]): Promise<boolean>;
  holdBest(count: number, coach?: string): Promise<boolean>;
  release(holdId: string): Promise<boolean>;
  extend(holdId: string): Promise<boolean>;
  close(): void;
}

export function describeError(error: ErrorBody, maxSeats: number): string {
  switch (error.code) {
    case 'SEAT_TAKEN':
      return error.seatIds?.length
        ? `${error.seatIds.join(', ')} ${error.seatIds.length > 1 ? 'were' : 'was'} just taken`
        : 'Those seats were just taken';
    case 'LIMIT_EXCEEDED':
      return `You can hold or buy at most ${maxSeats} seats on one trip`;
    case 'HOLD_EXPIRED':
      return 'Your hold expired and the seats went back';
    case 'SALE_CLOSED':
      return 'This journey cannot be booked now — the sale is not open or the train leaves soon';
    case 'VERIFICATION_REQUIRED':
      return 'This sale is for verified accounts — verify your phone number first';
    case 'NOT_ADMITTED':
      return 'This sale has a waiting room — wait for your turn';
    case 'RATE_LIMITED':
      return 'Too many requests — try again in a moment';
    case 'UNAVAILABLE':
      return 'The booking service is busy — try again';
    default:
      return error.message || error.code;
  }
}

const TIMEOUT_ERROR: ErrorBody = { code: 'UNAVAILABLE', message: 'No answer from the server' };

export function connectTrip(baseUrl: string, store: TripStore): TripConnection {
  const { getState } = store;
  const tripId = getState().tripId;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempts = 0;
  const announceThrottle = { last: 0 };

  const socket: FastPassSocket = io(baseUrl, {
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    auth: (cb) => {
      ensureToken(baseUrl)
        .then((token) => cb({ token }))
        .catch(() => cb({}));
    },
  });

  async function request<T extends object>(
    send: (ack: (err: Error | null, res: Ack<T>) => void) => void,
  ): Promise<Ack<T>> {
    if (!socket.connected) {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'Not connected — reconnecting…' } };
    }
    return new Promise((resolve) => {
      send((err, res) => resolve(err ? { ok: false, error: TIMEOUT_ERROR } : res));
    });
  }

  function watch(): void {
    socket.timeout(ACK_TIMEOUT_MS).emit('trip:watch', { tripId }, (err, res) => {
      if (err || !res) return;
      if (res.ok) {
        getState().applySnapshot(res.snapshot);
        reconcileHolds();
      } else {
        getState().toast('error', describeError(res.error, getState().maxSeats));
      }
    });
  }

  /** After a resync: my holds whose seats are no longer held for their journey have ended. */
  function reconcileHolds(): void {
    const s = getState();
    if (!s.trip) return;
    const stations = s.trip.stops.map((x) => x.station);
    const now = Date.now();
    for (const hold of Object.values(s.holds)) {
      const mask = journeyMask(stations, hold.from, hold.to) ?? 0;
      const gone = hold.seatIds.some((id) => ((s.occ[id]?.held ?? 0) & mask) !== mask);
      if (gone || Date.parse(hold.expiresAt) <= now) {
        s.removeHold(hold.holdId);
        s.toast('info', `Your hold on ${hold.seatIds.join(', ')} ended and the seats went back`);
      }
    }
  }

  socket.on('connect', () => {
    attempts = 0;
    getState().setConnection('connected');
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
    if (changed.length) announceChanges(store, changed, announceThrottle);
  });

  socket.on('hold:expired', (event) => {
    if (event.tripId !== tripId) return;
    const s = getState();
    if (s.endHold(event.holdId)) {
      s.toast('info', `Your hold on ${event.seatIds.join(', ')} expired — the seats went back`);
      s.announce(`Your hold on ${event.seatIds.join(', ')} expired`);
      // The seat:update for those seats follows: do not let "Seat … changed" talk over this.
      announceThrottle.last = Date.now();
    }
  });

  socket.on('server:mode', (event) => getState().setMode(event.mode));

  socket.on('sale:update', (event) => {
    if (event.tripId !== tripId) return;
    const s = getState();
    s.setSale(event.sale);
    s.announce(`Sale ${event.sale.state}`);
  });

  async function holdWith(seatIds: string[], send: () => Promise<Ack<{ hold: Hold }>>): Promise<boolean> {
    const s = getState();
    s.setPending(seatIds, true);
    const res = await send();
    getState().setPending(seatIds, false);
    if (res.ok) {
      getState().addHold(res.hold);
      getState().announce(`Holding ${res.hold.seatIds.join(', ')} for you`);
      return true;
    }
    const text = describeError(res.error, s.maxSeats);
    getState().toast('error', text);
    getState().announce(text);
    return false;
  }

  return {
    hold(seatIds) {
      const { from, to } = getState();
      return holdWith(seatIds, () =>
        request<{ hold: Hold }>((ack) =>
          socket.timeout(ACK_TIMEOUT_MS).emit('seat:hold', { tripId, seatIds, from, to }, ack),
        ),
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
      const hold = getState().holds[holdId];
      const res = await request<object>((ack) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('seat:release', { holdId }, ack),
      );
      if (res.ok || res.error.code === 'HOLD_EXPIRED' || res.error.code === 'NOT_FOUND') {
        getState().endHold(holdId);
        if (hold) {
          getState().announce(`Released ${hold.seatIds.join(', ')}`);
          announceThrottle.last = Date.now();
        }
        return true;
      }
      getState().toast('error', describeError(res.error, getState().maxSeats));
      return false;
    },
    async extend(holdId) {
      const res = await request<{ hold: Hold }>((ack) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('hold:extend', { holdId }, ack),
      );
      if (res.ok) {
        getState().addHold(res.hold);
        getState().toast('success', 'Hold extended');
        return true;
      }
      getState().toast('error', describeError(res.error, getState().maxSeats));
      return false;
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

/** Polite, throttled announcements of live changes in the coach being viewed. */
function announceChanges(store: TripStore, changed: string[], throttle: { last: number }): void {
  const s = store.getState();
  const coach = s.trip?.coaches.find((c) => c.code === s.activeCoach);
  if (!coach) return;
  const inCoach = changed.filter((id) => coach.seats.some((seat) => seat.id === id) && !s.mine[id]);
  const now = Date.now();
  if (!inCoach.length || now - throttle.last < 3000) return;
  throttle.last = now;
  s.announce(
    inCoach.length === 1
      ? `Seat ${inCoach[0]} changed`
      : `${inCoach.length} seats changed in coach ${coach.code}`,
  );
}
