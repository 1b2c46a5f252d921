import type { Server as HttpServer } from 'node:http';
import { type ClientToServerEvents, ErrorCode, type ServerToClientEvents } from '@fastpass/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import { Server } from 'socket.io';
import type { TokenSigner } from '../auth/tokens';
import type { HoldService } from '../booking/hold.service';
import type { CatalogService } from '../catalog/catalog.service';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import type { RateLimiter } from '../infra/rate-limit';
import { userRoom } from './broadcaster';
import { registerSeatHandlers } from './seat.handlers';
import { registerTripHandlers } from './trip.handlers';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;

export function createIo(
  http: HttpServer,
  opts: { corsOrigin: string; pubsub?: { pub: Redis; sub: Redis } },
): IoServer {
  const io: IoServer = new Server(http, {
    cors: { origin: opts.corsOrigin === '*' ? true : opts.corsOrigin.split(',') },
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  if (opts.pubsub)
    io.adapter(
      createAdapter(opts.pubsub.pub, opts.pubsub.sub, { key: 'fastpass.io', requestsTimeout: 1000 }),
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
  },
): void {
  io.use((socket, next) => {
    const user = deps.tokens.verify(socket.handshake.auth?.token);
    if (!user) {
      const err = new Error('no or bad token') as Error & { data: unknown };
      err.data = { code: ErrorCode.UNAUTHENTICATED, message: 'no or bad token' };
      return next(err);
    }
    socket.data.user = user;
    next();
  });
  io.on('connection', (socket) => {
    deps.metrics.sockets.inc();
    socket.join(userRoom(socket.data.user.userId));
    registerTripHandlers(socket, deps);
    registerSeatHandlers(socket, deps);
    socket.on('disconnect', () => deps.metrics.sockets.dec());
  });
}
