import type { ClientToServerEvents, ServerToClientEvents } from '@fastpass/shared';
import { type Socket, io } from 'socket.io-client';
import { ensureToken } from './session';

export type BookingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A Socket.IO connection to the booking server, authenticated with this browser's session (a guest
 * one is made on first use). Every (re)connect asks for the token again, so a new session is used at
 * once. WebSocket first; long-polling where WebSockets are blocked.
 */
export function openBookingSocket(baseUrl: string): BookingSocket {
  return io(baseUrl, {
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    auth: (cb) => {
      ensureToken(baseUrl)
        .then((token) => cb({ token }))
        .catch(() => cb({}));
    },
  });
}
