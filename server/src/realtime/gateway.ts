import { type ClientToServerEvents, ErrorCode, type ServerToClientEvents } from '@fastpass/shared';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { type RedisClient as Redis, isCluster } from '../infra/redis';
import { Server } from 'socket.io';
import type { TokenSigner } from '../auth/tokens';
import type { HoldService } from '../booking/hold.service';
import type { CatalogService } from '../catalog/catalog.service';
import { compileTrust, socketClientAddress } from '../http/client-address';
import type { AbuseLimits } from '../identity/abuse-limits';
import type { IdentityConfig } from '../identity/identity.config';
import { allowedOrigins } from '../http/security';
import type { Drain } from '../infra/drain';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import type { RateLimiter } from '../infra/rate-limit';
import { userRoom } from './broadcaster';
import { type AckPath, directAcks } from './direct-acks';
import { type Delivery, directWrites } from './direct-writes';
import { registerSeatHandlers } from './seat.handlers';
import { SocketCaps } from './socket-caps';
import { registerTripHandlers } from './trip.handlers';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * The Socket.IO server, created before the services (they publish through the broadcaster built on
 * it) and attached to the HTTP server by createApp.
 */
export function createIo(opts: {
  corsOrigin: string;
  pubsub?: { pub: Redis; sub: Redis };
  /** Hears what each room broadcast delivered on this instance (direct-writes.ts). */
  delivered?: (d: Delivery) => void;
}): IoServer {
  const io: IoServer = new Server({
    cors: { origin: opts.corsOrigin === '*' ? true : allowedOrigins(opts.corsOrigin) },
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  const { pub, sub } = opts.pubsub ?? {};
  if (pub && sub)
    io.adapter(
      directWrites(
        // On a cluster: sharded pub/sub, one channel per room ('dynamic'), so a trip's updates go only
        // through the shard that owns its channel rather than to every node of the cluster.
        isCluster(pub)
          ? createShardedAdapter(pub, sub, {
              channelPrefix: 'fastpass.io',
              subscriptionMode: 'dynamic',
            })
          : createAdapter(pub, sub, { key: 'fastpass.io', requestsTimeout: 1000 }),
        opts.delivered,
      ),
    );
  return io;
}

/** Token auth on the handshake, then thin handlers over the injected services. */
export function attachHandlers(
  io: IoServer,
  deps: {
    tokens: TokenSigner;
    holds: HoldService;
    catalog: CatalogService;
    log: Logger;
    metrics: Metrics;
    limiter: RateLimiter;
    abuse: AbuseLimits;
    drain: Drain;
    config: { trustProxy: IdentityConfig['trustProxy']; limits: IdentityConfig['limits'] };
  },
): void {
  const trust = compileTrust(deps.config.trustProxy);
  const caps = new SocketCaps({
    perUser: deps.config.limits.socketsPerUser,
    perAddress: deps.config.limits.socketsPerAddress,
  });
  const refuse = (code: ErrorCode, message: string) => {
    const err = new Error(message) as Error & { data: unknown };
    err.data = { code, message };
    return err;
  };
  io.use((socket, next) => {
    const stopping = deps.drain.admit();
    if (stopping) return next(stopping);
    const user = deps.tokens.verify(socket.handshake.auth?.token);
    if (!user) return next(refuse(ErrorCode.UNAUTHENTICATED, 'no or bad token'));
    const address = socketClientAddress(socket.request, trust);
    const over = caps.admit(user.userId, address);
    if (over) return next(refuse(ErrorCode.RATE_LIMITED, `too many connections: ${over}`));
    socket.data.user = user;
    socket.data.address = address;
    next();
  });
  const ackCounters = {
    direct: deps.metrics.ackWrites.labels('direct'),
    'socket.io': deps.metrics.ackWrites.labels('socket.io'),
  };
  const ackWritten = (path: AckPath) => ackCounters[path].inc();
  io.on('connection', (socket) => {
    directAcks(socket, ackWritten);
    deps.drain.socket(socket);
    deps.metrics.sockets.inc();
    socket.join(userRoom(socket.data.user.userId));
    registerTripHandlers(socket, deps);
    registerSeatHandlers(socket, deps);
    socket.on('disconnect', () => {
      caps.release(socket.data.user.userId, socket.data.address);
      deps.metrics.sockets.dec();
    });
  });
}
