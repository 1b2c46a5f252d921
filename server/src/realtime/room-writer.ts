import type { Server } from 'socket.io';

/** The parts of Engine.IO and ws a direct write reads, typed apart because neither exports them. */
interface EngineConn {
  readyState: string;
  writeBuffer?: unknown[];
  transport: { name: string; socket?: WsSocket };
}
interface WsSocket {
  readyState: number;
  _sender?: { sendFrame?: (list: Buffer[], cb?: (err?: Error) => void) => void };
}

const WS_OPEN = 1;

/** What one delivery did: sockets written directly, and sockets handed to Socket.IO instead. */
export interface RoomDelivery {
  direct: number;
  routed: number;
}

/**
 * One Socket.IO event as the single unmasked WebSocket text frame that carries it: the Engine.IO
 * message type `4`, the Socket.IO EVENT type `2` on the main namespace, then the JSON array
 * `[event, payload]` (the protocol socket.io-parser writes for a packet without binary or ack).
 */
export function eventFrame(event: string, payload: unknown): Buffer {
  const text = `42${JSON.stringify([event, payload])}`;
  const size = Buffer.byteLength(text);
  const head = size < 126 ? 2 : size < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + size);
  frame[0] = 0x81; // FIN, text
  if (size < 126) frame[1] = size;
  else if (size < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(size, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(size), 2);
  }
  frame.write(text, head, 'utf8');
  return frame;
}

/**
 * Delivers one event to this instance's sockets in a room, encoded and framed once and written
 * straight to each socket's WebSocket.
 *
 * Why: a hot trip's `seat:update` goes to thousands of watchers several times a second. Socket.IO
 * encodes a broadcast once too, but then passes it to each socket through Engine.IO's bookkeeping (a
 * packet object, four events and a write callback per socket): about a quarter of the server's cost
 * per watcher (docs/performance.md). The frame is handed to ws the way Engine.IO itself hands it a
 * pre-framed broadcast (`_sender.sendFrame`).
 *
 * Order is kept: a socket is written directly only while Engine.IO holds nothing queued for it, so the
 * frame lands after everything sent before it. Any other socket (long-polling, mid-upgrade, packets
 * queued behind a pending write, or Engine.IO internals not as expected) goes through Socket.IO.
 */
export function deliverToRoom(
  io: Pick<Server, 'sockets' | 'local'>,
  room: string,
  event: string,
  payload: unknown,
): RoomDelivery {
  const ids = io.sockets.adapter.rooms.get(room);
  if (!ids || ids.size === 0) return { direct: 0, routed: 0 };
  const frame = [eventFrame(event, payload)];
  const routed: string[] = [];
  let direct = 0;
  for (const id of ids) {
    const socket = io.sockets.sockets.get(id);
    if (!socket) continue;
    const conn = socket.conn as unknown as EngineConn;
    const ws = conn.transport.name === 'websocket' ? conn.transport.socket : undefined;
    const sender = ws?.readyState === WS_OPEN ? ws._sender : undefined;
    if (
      conn.readyState === 'open' &&
      conn.writeBuffer?.length === 0 &&
      typeof sender?.sendFrame === 'function'
    ) {
      sender.sendFrame(frame);
      direct++;
    } else routed.push(id);
  }
  // Socket ids are rooms too: one broadcast (encoded once) to the sockets that need Socket.IO's path.
  if (routed.length > 0) (io.local.to(routed).emit as (e: string, p: unknown) => void)(event, payload);
  return { direct, routed: routed.length };
}
