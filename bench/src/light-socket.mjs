// A bare Socket.IO v4 client for the thousands of watchers one bench process plays. It speaks just
// enough of the protocols — the WebSocket upgrade and frames, Engine.IO open and ping/pong, Socket.IO
// connect with auth, events and acks — and hands each event over undecoded, so a watcher that only counts
// updates costs a fraction of socket.io-client's per-message work. Every bench client is one, so the
// rows measure the servers rather than the processes pretending to be their audience.
//
// It reads with `net`'s `onread` into one buffer shared by every socket of the process (no allocation per
// read) and parses WebSocket frames in place: a frame handed to `onEvent` is valid only during the call.
// Text frames only (the server sends no binary, no fragments, no compression: perMessageDeflate is off).
import { randomBytes, randomFillSync } from 'node:crypto';
import net from 'node:net';

const CHAR_0 = 0x30; // Engine.IO OPEN ('0')
const CHAR_2 = 0x32; // Engine.IO ping ('2'); Socket.IO EVENT ('2')
const CHAR_3 = 0x33; // Socket.IO ACK ('3')
const CHAR_4 = 0x34; // Engine.IO MESSAGE ('4')

const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;

/** Every socket of the process reads into this buffer; a frame split across reads is copied out. */
const shared = Buffer.allocUnsafe(256 * 1024);

/**
 * Masking keys are taken 4 bytes at a time from a pool refilled when used up (as `ws` does): one
 * `randomBytes(4)` per frame was 15 % of a load process's CPU in a rush, CPU the servers under test need.
 */
const MASK_POOL = Buffer.allocUnsafe(8192);
let maskAt = MASK_POOL.length;

/** A masked client frame (RFC 6455 requires clients to mask, with a fresh random key per frame). */
function clientFrame(opcode, text) {
  const payload = Buffer.from(text, 'utf8');
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  if (maskAt === MASK_POOL.length) {
    randomFillSync(MASK_POOL);
    maskAt = 0;
  }
  const mask = MASK_POOL.subarray(maskAt, maskAt + 4);
  maskAt += 4;
  mask.copy(out, head);
  for (let i = 0; i < len; i++) out[head + 4 + i] = payload[i] ^ mask[i & 3];
  return out;
}

export class LightSocket {
  /** @param {string} url  http://host:port of a Socket.IO server (default path /socket.io/) */
  static connect(url, token, timeoutMs = 20_000) {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = new LightSocket(token);
      const timer = setTimeout(() => fail(new Error('connect timeout')), timeoutMs);
      const fail = (err) => {
        clearTimeout(timer);
        socket.tcp?.destroy();
        reject(err);
      };
      socket.onConnect = (err) => {
        clearTimeout(timer);
        if (err) fail(err);
        else resolve(socket);
      };
      socket.onFail = fail;
      socket.tcp = net.connect({
        host: hostname,
        port: Number(port),
        noDelay: true,
        onread: { buffer: shared, callback: (n, buf) => socket.read(buf, n) },
      });
      socket.tcp.on('error', fail);
      socket.tcp.on('close', () => socket.closedNow());
      socket.tcp.on('connect', () => {
        const key = randomBytes(16).toString('base64');
        socket.tcp.write(
          `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
            `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`,
        );
      });
    });
  }

  constructor(token) {
    this.token = token;
    this.tcp = null;
    this.upgraded = false;
    /** Bytes of an incomplete HTTP response or frame, kept from one read to the next. */
    this.rest = null;
    this.acks = new Map();
    this.nextAck = 0;
    /** Called with (payload Buffer, valid during the call only) for every event; decode with `LightSocket.event`. */
    this.onEvent = null;
    this.onConnect = null;
    this.onFail = null;
    this.closeListeners = [];
    this.closed = false;
  }

  read(buf, n) {
    let data = buf.subarray(0, n);
    if (this.rest) {
      data = Buffer.concat([this.rest, data]);
      this.rest = null;
    }
    let at = 0;
    if (!this.upgraded) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        this.rest = Buffer.from(data);
        return;
      }
      if (!data.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) {
        this.onFail?.(new Error(`upgrade refused: ${data.toString('latin1', 0, Math.min(end, 200))}`));
        return;
      }
      this.upgraded = true;
      at = end + 4;
    }
    while (data.length - at >= 2) {
      const op = data[at] & 0x0f;
      let len = data[at + 1] & 0x7f;
      let head = 2;
      if (len === 126) {
        if (data.length - at < 4) break;
        len = data.readUInt16BE(at + 2);
        head = 4;
      } else if (len === 127) {
        if (data.length - at < 10) break;
        len = Number(data.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (data.length - at < head + len) break;
      const payload = data.subarray(at + head, at + head + len);
      at += head + len;
      if (op === OP_TEXT) this.frame(payload);
      else if (op === OP_PING) this.tcp.write(clientFrame(0xa, payload.toString('utf8')));
      else if (op === OP_CLOSE) this.tcp.end();
    }
    // A partial frame outlives the shared buffer: copy it out.
    if (at < data.length) this.rest = Buffer.from(data.subarray(at));
  }

  frame(data) {
    const b0 = data[0];
    if (b0 === CHAR_2 && data.length === 1) {
      this.send('3'); // pong
      return;
    }
    if (b0 === CHAR_4) {
      const kind = data[1];
      if (kind === CHAR_2) {
        this.onEvent?.(data);
        return;
      }
      if (kind === CHAR_3) {
        const text = data.toString('utf8', 2);
        const at = text.indexOf('[');
        const id = Number(text.slice(0, at));
        const done = this.acks.get(id);
        if (done) {
          this.acks.delete(id);
          done(JSON.parse(text.slice(at))[0]);
        }
        return;
      }
      const text = data.toString('utf8');
      if (text.startsWith('40')) this.onConnect?.(null);
      else if (text.startsWith('44')) this.onConnect?.(new Error(`connect refused: ${text.slice(2)}`));
      return;
    }
    // Engine.IO OPEN: join the default namespace with the token, as socket.io-client's `auth` does.
    if (b0 === CHAR_0) this.send(`40${JSON.stringify({ token: this.token })}`);
  }

  send(text) {
    if (!this.closed) this.tcp.write(clientFrame(OP_TEXT, text));
  }

  /** Emits with an acknowledgement; resolves with the ack's payload, or { timeout: true }. */
  ask(event, payload, timeoutMs = 15_000) {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve({ timeout: true });
      }, timeoutMs);
      this.acks.set(id, (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      this.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  closedNow() {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l();
    this.onFail?.(new Error('closed before connecting'));
  }

  onClose(fn) {
    this.closeListeners.push(fn);
  }

  close() {
    if (this.closed) return;
    this.tcp.write(clientFrame(OP_CLOSE, ''));
    this.tcp.end();
  }

  /** An event frame as [name, payload]. */
  static event(data) {
    return JSON.parse(data.toString('utf8', 2));
  }
}
