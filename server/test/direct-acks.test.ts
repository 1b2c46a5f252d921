import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { type Socket, io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AckPath, directAcks } from '../src/realtime/direct-acks';

const clients: Socket[] = [];
let io: Server;
let url: string;
let paths: AckPath[] = [];
/** How the acks since the last call left the server, counted by path. */
function written(): Record<AckPath, number> {
  const counts = { direct: 0, 'socket.io': 0 };
  for (const p of paths) counts[p]++;
  paths = [];
  return counts;
}

/** 'echo' acks its payload; 'queued' first emits two events, which Engine.IO queues, then acks. */
function handlers(socket: ServerSocket): void {
  socket.on('echo', (payload: unknown, ack: (r: unknown) => void) => ack(payload));
  socket.on('queued', (n: number, ack: (r: number) => void) => {
    socket.emit('first', 1);
    socket.emit('second', 2);
    ack(n);
  });
  socket.on('twice', (ack: (r: string) => void) => {
    ack('one');
    ack('two');
  });
  socket.on('binary', (ack: (r: unknown) => void) => ack({ bytes: Buffer.from([1, 2, 3]) }));
}

beforeAll(async () => {
  io = new Server();
  io.on('connection', (socket) => {
    directAcks(socket, (p) => paths.push(p));
    handlers(socket);
  });
  io.of('/other').on('connection', (socket) => {
    directAcks(socket, (p) => paths.push(p));
    handlers(socket);
  });
  const http = createServer();
  io.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await new Promise((resolve) => io.close(resolve));
});

async function client(transports: Array<'websocket' | 'polling'>, nsp = ''): Promise<Socket> {
  const c = connect(`${url}${nsp}`, { transports, forceNew: true, reconnection: false });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', resolve);
    c.once('connect_error', reject);
  });
  return c;
}

describe('acks written to the WebSocket directly (direct-acks.ts)', () => {
  it('answers every frame size a client can decode (7-, 16- and 64-bit lengths, multibyte text)', async () => {
    const c = await client(['websocket']);
    // Ack frames of 60–140 and 65,480–65,560 bytes (the header's 125/126 and 65,535/65,536 boundaries),
    // Bengali text (3 bytes a character) and one large frame; each ack is `43<id>[…]` plus the payload.
    const lengths = [
      ...Array.from({ length: 80 }, (_, i) => 60 + i),
      ...Array.from({ length: 80 }, (_, i) => 65_480 + i),
      300_000,
    ];
    const payloads = lengths.map((n, i) => ({
      i,
      ok: i % 2 === 0,
      text: i % 3 ? 'x'.repeat(n - 40) : 'ক'.repeat((n - 40) / 3),
      list: [i, null, 'a"b\\c', { nested: true }],
    }));
    written();
    const answers = await Promise.all(payloads.map((p) => c.emitWithAck('echo', p)));
    expect(answers).toEqual(payloads);
    expect(written()).toEqual({ direct: payloads.length, 'socket.io': 0 });
  });

  it('keeps an ack behind packets Engine.IO still queues for the socket', async () => {
    const c = await client(['websocket']);
    const order: string[] = [];
    c.on('first', () => order.push('first'));
    c.on('second', () => order.push('second'));
    written();
    // 'first' goes to the WebSocket at once, 'second' waits for that write to complete: the ack goes
    // behind it, through Socket.IO. Once nothing is queued, acks are direct again.
    await c.emitWithAck('queued', 7).then((n: number) => order.push(`ack ${n}`));
    expect(order).toEqual(['first', 'second', 'ack 7']);
    expect(written()).toEqual({ direct: 0, 'socket.io': 1 });
    expect(await c.emitWithAck('echo', 'after')).toBe('after');
    expect(written()).toEqual({ direct: 1, 'socket.io': 0 });
  });

  it('hands long-polling sockets, binary arguments and other namespaces to Socket.IO', async () => {
    const poll = await client(['polling']);
    written();
    expect(await poll.emitWithAck('echo', { n: 1 })).toEqual({ n: 1 });
    expect(written()).toEqual({ direct: 0, 'socket.io': 1 });

    const ws = await client(['websocket']);
    const { bytes } = (await ws.emitWithAck('binary')) as { bytes: ArrayBuffer | Uint8Array };
    expect([...new Uint8Array(bytes)]).toEqual([1, 2, 3]);
    expect(written()).toEqual({ direct: 0, 'socket.io': 1 });

    // Not hooked at all: the frame would need the namespace in it.
    const other = await client(['websocket'], '/other');
    expect(await other.emitWithAck('echo', 'x')).toBe('x');
    expect(written()).toEqual({ direct: 0, 'socket.io': 0 });
  });

  it('sends an ack once however often it is called', async () => {
    const c = await client(['websocket']);
    written();
    expect(await c.emitWithAck('twice')).toBe('one');
    // The client drops an answer to an ack it already had, so the count is what shows a second send.
    expect(await c.emitWithAck('echo', 'next')).toBe('next');
    expect(written()).toEqual({ direct: 2, 'socket.io': 0 });
  });
});
