import type { Socket } from 'socket.io';
import { directSender, textFrame } from './ws-direct';

/** Socket.IO's per-event ack factory (private there, hence typed here). */
interface AckInternals {
  ack?: (id: number) => (...args: unknown[]) => void;
}

/** Which way one ack left (counted by the caller: fastpass_ack_writes_total). */
export type AckPath = 'direct' | 'socket.io';

/**
 * Acks of this socket's events are written straight to its WebSocket, as one text frame built here,
 * whenever Engine.IO holds nothing queued for the socket, so the ack lands after everything sent before
 * it (ws-direct.ts).
 *
 * Why: every hold, release and extend is answered by one ack, and Socket.IO passes each through its
 * encoder, Engine.IO's packet buffer and events, and ws's send with a write callback: Node-side work
 * about as large as the hold decision itself (docs/performance.md). The frame carries exactly what
 * Socket.IO's encoder would put there for an ack in the main namespace: `4` (Engine.IO message), `3`
 * (Socket.IO ack), the packet id and the JSON array of the ack's arguments.
 *
 * Everything else takes Socket.IO's path unchanged: another namespace, arguments that are not plain JSON
 * values (binary needs attachments), and a socket Engine.IO is not ready to write to at once. As with
 * Socket.IO, a second call of the same ack does nothing.
 */
export function directAcks(socket: Socket, written: (path: AckPath) => void = () => {}): void {
  const internals = socket as unknown as AckInternals;
  const original = internals.ack;
  if (typeof original !== 'function' || socket.nsp.name !== '/') return;
  internals.ack = (id: number) => {
    let sent = false;
    return (...args: unknown[]) => {
      if (sent) return;
      sent = true;
      const sender = args.every(isPlainJson) ? directSender(socket) : null;
      if (sender) {
        sender.sendFrame([textFrame(`43${id}${JSON.stringify(args)}`)]);
        written('direct');
      } else {
        original.call(socket, id)(...args);
        written('socket.io');
      }
    };
  };
}

/** JSON's own values only: what JSON.stringify writes as Socket.IO's encoder would (no binary, no toJSON). */
function isPlainJson(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (Array.isArray(value)) return value.every(isPlainJson);
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) {
        const v = (value as Record<string, unknown>)[key];
        if (v !== undefined && !isPlainJson(v)) return false;
      }
      return true;
    default:
      return false;
  }
}
