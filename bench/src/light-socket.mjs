// A bare Socket.IO v4 client over `ws`, for the thousands of watchers one bench process plays. It speaks
// just enough of the protocol — Engine.IO open and ping/pong, Socket.IO connect with auth, events and
// acks — and hands each event over undecoded, so a watcher that only counts updates costs a fraction
// of socket.io-client's per-message work. With it the fan-out and idle rows measure the server rather
// than the processes pretending to be its audience. Text frames only (the server sends no binary).
import { createRequire } from 'node:module';

const WebSocket = createRequire(import.meta.url)('ws');

const CHAR_2 = 0x32; // Engine.IO ping ('2'); Socket.IO EVENT ('2')
const CHAR_3 = 0x33; // Socket.IO ACK ('3')
const CHAR_4 = 0x34; // Engine.IO MESSAGE ('4')

export class LightSocket {
  /** @param {string} url  http(s)://host:port of a Socket.IO server (default path /socket.io/) */
  static connect(url, token, timeoutMs = 20_000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
        perMessageDeflate: false,
      });
      const socket = new LightSocket(ws);
      const timer = setTimeout(() => fail(new Error('connect timeout')), timeoutMs);
      const fail = (err) => {
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      };
      ws.on('error', fail);
      ws.on('close', () => {
        socket.closed = true;
        for (const l of socket.closeListeners) l();
        fail(new Error('closed before connecting'));
      });
      socket.onConnect = (err) => {
        clearTimeout(timer);
        if (err) fail(err);
        else resolve(socket);
      };
      socket.token = token;
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.acks = new Map();
    this.nextAck = 0;
    /** Called with (frame Buffer) for every event the server sends; decode with `LightSocket.event`. */
    this.onEvent = null;
    this.closeListeners = [];
    this.closed = false;
    ws.on('message', (data) => this.frame(data));
  }

  frame(data) {
    const b0 = data[0];
    if (b0 === CHAR_2 && data.length === 1) {
      this.ws.send('3'); // pong
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
        const done = this.acks.get(Number(text.slice(0, at)));
        if (done) {
          this.acks.delete(Number(text.slice(0, at)));
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
    if (data[0] === 0x30) this.ws.send(`40${JSON.stringify({ token: this.token })}`);
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
      this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  onClose(fn) {
    this.closeListeners.push(fn);
  }

  close() {
    this.ws.close();
  }

  /** An event frame as [name, payload]. */
  static event(data) {
    return JSON.parse(data.toString('utf8', 2));
  }
}
