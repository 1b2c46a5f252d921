// The transport ceiling: a Socket.IO server that only acknowledges. Same events, same client code,
// no decisions, no storage, no broadcasts. Usage: node bench/src/ceiling-server.mjs <port>
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const requireServer = createRequire(new URL('../../server/package.json', import.meta.url));
const { Server } = requireServer('socket.io');

const port = Number(process.argv[2] ?? 0);
const http = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
const io = new Server(http, { cors: { origin: '*' }, serveClient: false });
io.on('connection', (socket) => {
  socket.on('trip:watch', (p, ack) =>
    ack?.({ ok: true, snapshot: { tripId: p?.tripId, version: 0, seats: [] } }),
  );
  socket.on('seat:hold', (p, ack) =>
    ack?.({
      ok: true,
      hold: {
        holdId: `${p?.tripId}~${randomBytes(12).toString('base64url')}`,
        tripId: p?.tripId,
        seatIds: p?.seatIds,
        from: p?.from,
        to: p?.to,
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      },
    }),
  );
  socket.on('seat:release', (_p, ack) => ack?.({ ok: true }));
});
http.listen(port, '127.0.0.1', () => console.log(`ceiling listening on ${http.address().port}`));
const stop = () => io.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
