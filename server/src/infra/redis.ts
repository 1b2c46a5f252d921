import Redis from 'ioredis';

/**
 * Command client. Commands fail fast while Redis is away (no offline queue, bounded retries) so that
 * a caller gets UNAVAILABLE promptly instead of hanging.
 */
export function createRedis(url: string, name: string, opts: { autoPipelining?: boolean } = {}): Redis {
  return new Redis(url, {
    connectionName: name,
    enableAutoPipelining: opts.autoPipelining ?? true,
    enableOfflineQueue: false,
    // A command in flight when the connection drops fails at once (it may have run: UNAVAILABLE)
    // instead of waiting for a reconnect to be resent; nothing decided before a drop is ever replayed
    // (the cache is rebuilt from Postgres on the way back).
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 3000,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
    lazyConnect: false,
  });
}

/** Pub/sub clients for the Socket.IO adapter (they must queue while reconnecting). */
export function createPubSub(url: string): { pub: Redis; sub: Redis } {
  const opts = {
    retryStrategy: (attempt: number) => Math.min(100 * attempt, 1000),
    maxRetriesPerRequest: null,
  };
  return {
    pub: new Redis(url, { ...opts, connectionName: 'io-pub' }),
    sub: new Redis(url, { ...opts, connectionName: 'io-sub' }),
  };
}
