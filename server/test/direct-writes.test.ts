import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { Adapter } from 'socket.io-adapter';
import { type Socket, io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPubSub } from '../src/infra/redis';
import { type Delivery, directWrites } from '../src/realtime/direct-writes';
import { type IoServer, createIo } from '../src/realtime/gateway';
import { testRedisTarget } from './store-contract/fixtures';
import { waitUntil } from './services';

type AnyIo = Server | IoServer;
const clients: Socket[] = [];
const closers: Array<() => Promise<unknown>> = [];

/** Listens on a loopback port; a client's 'join' puts its socket in a room. */
async function serve(io: AnyIo): Promise<string> {
  const http = createServer();
  io.attach(http);
  (io as Server).on('connection', (socket) => {
    socket.on('join', (room: string, ack: () => void) => {
      socket.join(room);
      ack();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => io.close(resolve)));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/** A client on the transport asked for, in `room` (each test has its own). */
async function client(
  url: string,
  room: string,
  transports: Array<'websocket' | 'polling'>,
): Promise<Socket> {
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

let io: Server;
let url: string;
const deliveries: Delivery[] = [];
/** What the broadcasts since the last call delivered on `io`, added up. */
function delivered(): Delivery {
  const sum = deliveries.reduce((a, d) => ({ direct: a.direct + d.direct, routed: a.routed + d.routed }), {
    direct: 0,
    routed: 0,
  });
  deliveries.length = 0;
  return sum;
}

beforeAll(async () => {
  io = new Server({
    adapter: directWrites(
      (nsp) => new Adapter(nsp),
      (d) => deliveries.push(d),
    ),
  });
  url = await serve(io);
});

afterAll(async () => {
  for (const c of clients) c.close();
  for (const close of closers.reverse()) await close();
});

describe('room broadcasts written to each WebSocket directly (direct-writes.ts)', () => {
  it('delivers every frame size a client can decode (7-, 16- and 64-bit lengths, multibyte text)', async () => {
    const a = await client(url, 'sizes', ['websocket']);
    const b = await client(url, 'sizes', ['websocket']);
    // Frames of 60–140 bytes and 65,480–65,560 bytes (the header's 125/126 and 65,535/65,536
    // boundaries), Bengali text (3 bytes a character), and one large frame.
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
    delivered();
    for (const p of payloads) io.to('sizes').emit('update', p);
    expect(delivered()).toEqual({ direct: 2 * payloads.length, routed: 0 });
    for (const got of [await gotA, await gotB]) expect(got).toEqual(payloads.map((p) => ['update', p]));
  });

  it('hands long-polling sockets to Socket.IO, and every socket gets the event once', async () => {
    const ws = await client(url, 'mixed', ['websocket']);
    const poll = await client(url, 'mixed', ['polling']);
    const gotWs = received(ws, 1);
    const gotPoll = received(poll, 1);
    delivered();
    io.to('mixed').emit('update', { n: 1 });
    expect(delivered()).toEqual({ direct: 1, routed: 1 });
    expect(await gotWs).toEqual([['update', { n: 1 }]]);
    expect(await gotPoll).toEqual([['update', { n: 1 }]]);
  });

  it('keeps order behind packets Engine.IO still queues for a socket', async () => {
    const c = await client(url, 'order', ['websocket']);
    const socket = io.sockets.sockets.get(c.id ?? '');
    expect(socket).toBeDefined();
    const got = received(c, 4);
    delivered();
    // The first emit goes to the WebSocket at once; the second waits in Engine.IO's buffer for the
    // first one's write to complete. A direct write now would overtake it.
    socket!.emit('first', 1);
    socket!.emit('second', 2);
    io.to('order').emit('update', 3);
    expect(delivered()).toEqual({ direct: 0, routed: 1 });
    // Once that write completed, nothing is queued: written directly, still in order.
    await new Promise((resolve) => setImmediate(resolve));
    io.to('order').emit('update', 4);
    expect(delivered()).toEqual({ direct: 1, routed: 0 });
    expect(await got).toEqual([
      ['first', 1],
      ['second', 2],
      ['update', 3],
      ['update', 4],
    ]);
  });

  it('leaves broadcasts that expect acks, and volatile ones, to Socket.IO', async () => {
    const c = await client(url, 'acks', ['websocket']);
    c.on('ping?', (n: number, ack: (r: number) => void) => ack(n + 1));
    delivered();
    expect(await io.timeout(2000).to('acks').emitWithAck('ping?', 41)).toEqual([42]);
    expect(delivered()).toEqual({ direct: 0, routed: 0 });
    const got = received(c, 1);
    io.volatile.to('acks').emit('update', 'v');
    expect(await got).toEqual([['update', 'v']]);
    expect(delivered()).toEqual({ direct: 0, routed: 0 });
  });

  it('encodes no broadcast that no socket here is to receive, and still delivers the others', async () => {
    let encoded = 0;
    const counting = new Server({
      adapter: directWrites((nsp) => {
        const adapter = new Adapter(nsp);
        // Private in socket.io-adapter: the encoding direct-writes.ts skips.
        const internals = adapter as unknown as { _encode: (...args: unknown[]) => unknown };
        const encode = internals._encode.bind(adapter);
        internals._encode = (...args) => {
          encoded++;
          return encode(...args);
        };
        return adapter;
      }),
    });
    const c = await client(await serve(counting), 'watched', ['websocket']);
    const got = received(c, 1);
    counting.to('nobody-here').emit('update', 1);
    counting.to(['nobody-here', 'nor-here']).emit('update', 2);
    expect(encoded).toBe(0);
    counting.to(['nobody-here', 'watched']).emit('update', 3);
    expect(encoded).toBe(1);
    expect(await got).toEqual([['update', 3]]);
  });

  it('writes directly on the instance a broadcast arrives at through the Redis adapter', async () => {
    const seen: Delivery[] = [];
    const make = () => {
      const pubsub = createPubSub(testRedisTarget());
      closers.push(async () => {
        pubsub.pub.disconnect();
        pubsub.sub.disconnect();
      });
      return createIo({ corsOrigin: '*', pubsub, delivered: (d) => seen.push(d) });
    };
    const [a, b] = [make(), make()];
    const [, urlB] = await Promise.all([serve(a), serve(b)]);
    const room = `remote-${process.pid}-${Date.now()}`;
    const c = await client(urlB, room, ['websocket']);
    // The sharded adapter subscribes to a room's channel when the room appears: wait until a broadcast
    // from the other instance gets through, then count one.
    let n = 0;
    c.on('update', (p: number) => {
      n = Math.max(n, p);
    });
    let sent = 0;
    await waitUntil(
      'a broadcast from the other instance',
      () => {
        (a.to(room).emit as (e: string, p: number) => void)('update', ++sent);
        return n > 0;
      },
      10_000,
    );
    await waitUntil('the warm-up broadcasts', () => n === sent, 10_000);
    seen.length = 0;
    (a.to(room).emit as (e: string, p: number) => void)('update', 1_000_000);
    await waitUntil('the last broadcast', () => n === 1_000_000, 10_000);
    expect(seen).toEqual([{ direct: 1, routed: 0 }]);
  });
});
