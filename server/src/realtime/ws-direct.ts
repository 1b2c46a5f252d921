import type { Socket } from 'socket.io';

/** The parts of Engine.IO's socket and ws a direct write reads (private there, hence typed here). */
interface EngineConn {
  readyState: string;
  writeBuffer?: unknown[];
  transport: { name: string; perMessageDeflate?: unknown; socket?: WsSocket };
}
interface WsSocket {
  readyState: number;
  _sender?: WsSender;
}
/** ws's frame writer: `sendFrame` writes an already framed message to the TCP socket, in call order. */
export interface WsSender {
  sendFrame(list: Buffer[]): void;
}

const WS_OPEN = 1;

/**
 * The ws sender a frame for this socket may be written to right now, or null when it must take
 * Socket.IO's own path: a socket not open, on long-polling or mid-upgrade, compressing, or with packets
 * Engine.IO still holds for it (a direct frame would overtake them). What ws has already been given is
 * on the TCP socket, so a frame written here lands after everything sent before it.
 */
export function directSender(socket: Socket): WsSender | null {
  const conn = socket.conn as unknown as EngineConn;
  if (conn.readyState !== 'open' || conn.writeBuffer?.length !== 0) return null;
  const transport = conn.transport;
  if (transport.name !== 'websocket' || transport.perMessageDeflate) return null;
  const ws = transport.socket;
  const sender = ws?.readyState === WS_OPEN ? ws._sender : undefined;
  return typeof sender?.sendFrame === 'function' ? sender : null;
}

/**
 * One unmasked, final WebSocket text frame (RFC 6455 §5.2, server to client) holding `text`, header and
 * payload in one buffer: one system call per write.
 */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN, text
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, header);
  return frame;
}
