import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { type Socket, io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverToRoom } from '../src/realtime/room-writer';

/** A plain Socket.IO server (no FastPass services): the room writer against the real transport. */
let io: Server;
let url: string;
const clients: Socket[] = [];

beforeAll(async () => {
  const http = createServer();
  io = new Server(http);
  io.on('connection', (socket) => {
    socket.on('join', (room: string, ack: () => void) => {
      socket.join(room);
      ack();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await new Promise((resolve) => io.close(resolve));
});

/** A client on the transport asked for, in `room` (each test has its own). */
async function client(room: string, transports: Array<'websocket' | 'polling'>): Promise<Socket> {
  const c = connect(url, { transports, forceNew: true, reconnection: false });
  clients.push(c);
  await c.emitWithAck('join', room);
  return c;
}

/** The next `n` events `c` receives, in order, as [name, payload]. */
function received(c: Socket, n: number): Promise<Array<[string, unknown]>> {
  const got: Array<[string, unknown]> = [];
  return new Promise((resolve) => {
    c.onAny((name: string, payload: unknown) => {
      got.push([name, payload]);
      if (got.length === n) {
        c.offAny();
        resolve(got);
      }
    });
  });
}

describe('room writer (one frame written to each WebSocket of a room)', () => {
  it('frames every payload size a client can decode (7-, 16- and 64-bit lengths, multibyte text)', async () => {
    const a = await client('sizes', ['websocket']);
    const b = await client('sizes', ['websocket']);
    // Every frame length from 60 to 140 bytes and from 65,480 to 65,560 (the header's 125/126 and
    // 65,535/65,536 boundaries), Bengali text (3 bytes a character), and one large frame.
    const lengths = [
      ...Array.from({ length: 80 }, (_, i) => 60 + i),
      ...Array.from({ length: 80 }, (_, i) => 65_480 + i),
      300_000,
    ];
    const payloads = lengths.map((n, i) => ({
      i,
      text: i % 3 ? 'x'.repeat(n - 30) : 'ক'.repeat((n - 30) / 3),
    }));
    const gotA = received(a, payloads.length);
    const gotB = received(b, payloads.length);
    for (const p of payloads)
      expect(deliverToRoom(io, 'sizes', 'update', p)).toEqual({ direct: 2, routed: 0 });
    for (const got of [await gotA, await gotB]) expect(got).toEqual(payloads.map((p) => ['update', p]));
    a.close();
    b.close();
  });

  it('hands long-polling sockets to Socket.IO, and every socket gets the event once', async () => {
    const ws = await client('mixed', ['websocket']);
    const poll = await client('mixed', ['polling']);
    const gotWs = received(ws, 1);
    const gotPoll = received(poll, 1);
    expect(deliverToRoom(io, 'mixed', 'update', { n: 1 })).toEqual({ direct: 1, routed: 1 });
    expect(await gotWs).toEqual([['update', { n: 1 }]]);
    expect(await gotPoll).toEqual([['update', { n: 1 }]]);
    ws.close();
    poll.close();
  });

  it('keeps order behind packets Engine.IO still queues for a socket', async () => {
    const c = await client('order', ['websocket']);
    const socket = io.sockets.sockets.get(c.id ?? '');
    expect(socket).toBeDefined();
    const got = received(c, 4);
    // The first emit goes to the WebSocket at once; the second waits in Engine.IO's buffer for the
    // first one's write to complete. A direct write now would overtake it.
    socket!.emit('first', 1);
    socket!.emit('second', 2);
    expect(deliverToRoom(io, 'order', 'update', 3)).toEqual({ direct: 0, routed: 1 });
    // Once that write completed, nothing is queued: written directly, still in order.
    await new Promise((resolve) => setImmediate(resolve));
    expect(deliverToRoom(io, 'order', 'update', 4)).toEqual({ direct: 1, routed: 0 });
    expect(await got).toEqual([
      ['first', 1],
      ['second', 2],
      ['update', 3],
      ['update', 4],
    ]);
    c.close();
  });

  it('writes nothing for a room with no sockets here', () => {
    expect(deliverToRoom(io, 'nobody', 'update', {})).toEqual({ direct: 0, routed: 0 });
  });
});
