import type { Namespace, Socket } from 'socket.io';
import { directSender } from './ws-direct';

type Adapter = Namespace['adapter'];

/** What one room broadcast did on this instance. */
export interface Delivery {
  /** Sockets whose WebSocket got the frame directly. */
  direct: number;
  /** Sockets handed to Socket.IO's own path instead. */
  routed: number;
}

/**
 * socket.io-adapter 2.5's in-memory delivery, which every adapter inherits: `broadcast` encodes the packet
 * once with `_encode` (which also frames it for ws, as `packetOpts.wsPreEncodedFrame`) and then calls
 * `apply` with a per-socket callback that passes the packet through Engine.IO. Both are private there,
 * hence typed here.
 */
interface Internals {
  _encode(packet: Packet, packetOpts: PacketOpts): unknown;
  apply(opts: BroadcastOpts, callback: (socket: Socket) => void): void;
  /** The adapter's own broadcast (the Redis adapter's publishes, then delivers here). */
  broadcast(packet: Packet, opts: BroadcastOpts): void;
  rooms: Map<string, Set<string>>;
  nsp: Namespace;
}
interface BroadcastOpts {
  rooms: Set<string>;
  except?: Set<string>;
}
interface Packet {
  type: number;
  id?: number;
}
interface PacketOpts {
  volatile?: boolean;
  wsPreEncodedFrame?: Buffer[];
}

const EVENT = 2;

/**
 * Wraps an adapter factory so that every room broadcast this instance delivers to its own sockets, its
 * own emits and those the Redis adapter brings from the other instances, is written straight to each
 * socket's WebSocket as the one frame Socket.IO already built for it.
 *
 * Why: a hot trip's `seat:update` goes to thousands of watchers several times a second. Socket.IO encodes
 * and frames a broadcast once, but then passes it to each socket through Engine.IO's bookkeeping (a
 * packet object, four events, a write callback): about a quarter of the server's cost per watcher
 * (docs/performance.md). The frame goes to ws the way Engine.IO itself sends a pre-framed broadcast
 * (`_sender.sendFrame`), as one buffer, so one system call per socket.
 *
 * Order is kept: a socket is written directly only while Engine.IO holds nothing queued for it, so the
 * frame lands after everything sent before it. Everything else takes Socket.IO's path unchanged: a
 * socket on long-polling, mid-upgrade, with compression or with packets queued; a broadcast expecting
 * acks or marked volatile; and every broadcast, should socket.io-adapter no longer look as above.
 */
export function directWrites(
  factory: (nsp: Namespace) => Adapter,
  delivered: (d: Delivery) => void = () => {},
): (nsp: Namespace) => Adapter {
  // A plain function: Socket.IO calls the adapter factory with `new`.
  return function adapterWithDirectWrites(nsp: Namespace): Adapter {
    const adapter = factory(nsp);
    hook(adapter as unknown as Internals, delivered);
    return adapter;
  };
}

function hook(adapter: Internals, delivered: (d: Delivery) => void): void {
  const { _encode: encode, apply, broadcast } = adapter;
  if (typeof encode !== 'function' || typeof apply !== 'function' || typeof broadcast !== 'function') return;
  // Set by `_encode` and taken by the `apply` that `broadcast` calls right after it, in the same turn.
  let next: { packet: Packet; parts: Buffer[] } | null = null;
  // Set while a broadcast runs that no socket of this instance is to receive (see below).
  let nobodyHere = false;
  // A seat update of a trip nobody watches here, or a board nobody shows here, still goes to the other
  // instances, but encoding it for this instance's sockets (a JSON text the size of the update) would
  // be for nobody: `apply` below finds no socket to give it to.
  adapter.broadcast = function (this: Internals, packet, opts) {
    nobodyHere = opts.rooms.size > 0 && ![...opts.rooms].some((room) => this.rooms.get(room)?.size);
    try {
      broadcast.call(this, packet, opts);
    } finally {
      nobodyHere = false;
    }
  };
  adapter._encode = function (this: Internals, packet, packetOpts) {
    if (nobodyHere) {
      next = null;
      return [];
    }
    const encoded = encode.call(this, packet, packetOpts);
    const parts = packetOpts.wsPreEncodedFrame;
    next =
      packet.type === EVENT && packet.id === undefined && !packetOpts.volatile && Array.isArray(parts)
        ? { packet, parts }
        : null;
    return encoded;
  };
  adapter.apply = function (this: Internals, opts, callback) {
    const broadcast = next;
    next = null;
    if (!broadcast) return apply.call(this, opts, callback);
    const d: Delivery = { direct: 0, routed: 0 };
    // Header and payload joined into one buffer (one system call per socket), once, and only when a
    // socket here takes it: most broadcasts reach rooms with no socket on this instance.
    let frame: Buffer[] | null = null;
    const each = (socket: Socket) => {
      frame ??= [broadcast.parts.length === 1 ? broadcast.parts[0]! : Buffer.concat(broadcast.parts)];
      if (writeDirect(socket, broadcast.packet, frame)) d.direct++;
      else {
        d.routed++;
        callback(socket);
      }
    };
    if (opts.rooms.size === 1 && !opts.except?.size) {
      // One room, no exceptions (every seat update): its sockets, without the copy of their ids that
      // `apply` builds to skip a socket met in two rooms.
      const [room] = opts.rooms;
      for (const id of this.rooms.get(room!) ?? []) {
        const socket = this.nsp.sockets.get(id);
        if (socket) each(socket);
      }
    } else apply.call(this, opts, each);
    if (d.direct + d.routed > 0) delivered(d);
  };
}

function writeDirect(socket: Socket, packet: Packet, frame: Buffer[]): boolean {
  const sender = directSender(socket);
  if (!sender) return false;
  // What Socket.IO's callback does first (onAnyOutgoing listeners, none by default).
  (socket as unknown as { notifyOutgoingListeners?: (p: Packet) => void }).notifyOutgoingListeners?.(packet);
  sender.sendFrame(frame);
  return true;
}
