// Load generator of the waiting-room scenario (queue.mjs): holds many waiting Socket.IO clients, each
// joined to one queued sale, and measures how late each `queue:update` arrives after the admission tick
// it reflects (`asOf`; same machine, same clock).
import { io } from 'socket.io-client';
import { Histogram, pool } from './stats.mjs';

let sockets = [];
const first = new Histogram();
const steady = new Histogram();
let updates = 0;
let admitted = 0;
let maxDelay = 0;

async function start({ url, tripId, tokens }) {
  let failed = 0;
  let lottery = 0;
  await pool(tokens, 100, async (token) => {
    const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    let seen = false;
    s.on('queue:update', (u) => {
      const delay = Date.now() - Date.parse(u.asOf);
      (seen ? steady : first).record(delay);
      if (seen) maxDelay = Math.max(maxDelay, delay);
      seen = true;
      updates += 1;
    });
    s.on('queue:admitted', () => {
      admitted += 1;
    });
    try {
      await new Promise((resolve, reject) => {
        s.once('connect', resolve);
        s.once('connect_error', reject);
      });
      const res = await s.timeout(30_000).emitWithAck('queue:join', { tripId });
      if (!res.ok) throw new Error(res.error.code);
      if (res.phase === 'lottery') lottery += 1;
      sockets.push(s);
    } catch {
      failed += 1;
      s.disconnect();
    }
  });
  process.send({ ev: 'ready', connected: sockets.length, failed, lottery });
}

process.on('message', (m) => {
  if (m.cmd === 'start') start(m).catch((err) => process.send({ ev: 'error', message: String(err) }));
  if (m.cmd === 'stop') {
    for (const s of sockets) s.disconnect();
    sockets = [];
    process.send({
      ev: 'result',
      result: { first: first.toSparse(), steady: steady.toSparse(), updates, admitted, maxDelay },
    });
  }
});
