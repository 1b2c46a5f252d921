import Redis, { Cluster, type ClusterNode } from 'ioredis';

/**
 * Every Redis use takes this: one server at `REDIS_URL` or a Redis Cluster (`REDIS_CLUSTER_NODES`).
 * Both speak the same commands; what differs (pinging every master, the sharded Socket.IO adapter) is
 * decided with `isCluster`. Keys of one operation always share a hash tag (`{trip:ID}`, `{sale:ID}`),
 * so no command or script ever spans two cluster slots.
 */
export type RedisClient = Redis | Cluster;

/** Where Redis is: a URL, or the seed nodes of a cluster. */
export type RedisTarget = { url: string } | { clusterNodes: string[] };

export function redisTarget(config: { redisUrl: string; redisClusterNodes: string[] | null }): RedisTarget {
  return config.redisClusterNodes?.length
    ? { clusterNodes: config.redisClusterNodes }
    : { url: config.redisUrl };
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** The masters a client talks to (the server itself when not a cluster). */
export function masters(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

function seedNodes(nodes: string[]): ClusterNode[] {
  return nodes.map((n) => {
    const i = n.lastIndexOf(':');
    return { host: n.slice(0, i), port: Number(n.slice(i + 1)) };
  });
}

const retryStrategy = (attempt: number) => Math.min(100 * attempt, 1000);

/**
 * Command client. Commands fail fast while Redis is away (no offline queue, bounded retries) so that
 * a caller gets UNAVAILABLE promptly instead of hanging.
 */
export function createRedis(
  target: RedisTarget | string,
  name: string,
  opts: { autoPipelining?: boolean } = {},
): RedisClient {
  const node = {
    connectionName: name,
    enableOfflineQueue: false,
    // A command in flight when the connection drops fails at once (it may have run: UNAVAILABLE)
    // instead of waiting for a reconnect to be resent; nothing decided before a drop is ever replayed
    // (the cache is rebuilt from Postgres on the way back).
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 3000,
  };
  const t = typeof target === 'string' ? { url: target } : target;
  if ('url' in t)
    return new Redis(t.url, {
      ...node,
      enableAutoPipelining: opts.autoPipelining ?? true,
      retryStrategy,
      lazyConnect: false,
    });
  return new Cluster(seedNodes(t.clusterNodes), {
    // Auto-pipelining groups commands per node, so scripts of different trips still go in batches.
    enableAutoPipelining: opts.autoPipelining ?? true,
    // ioredis groups auto-pipelined commands by their first argument, which for a raw EVAL/EVALSHA
    // (Redlock, the rate limiter) is the script, not the key: one such call in a batch of another
    // node's commands fails the whole batch. Those are sent on their own.
    autoPipeliningIgnoredCommands: ['eval', 'evalsha'],
    enableOfflineQueue: false,
    clusterRetryStrategy: retryStrategy,
    // A moved slot (resharding, a promoted replica) is followed. A dead master is not waited for: its
    // commands fail at once (CLUSTERDOWN, connection closed) and the failover path (database mode)
    // takes over until the cluster has healed. ioredis would otherwise resend them once a replica is
    // promoted — by then Postgres may be deciding, and a resent hold would be a second lock domain.
    maxRedirections: 16,
    retryDelayOnFailover: 0,
    retryDelayOnClusterDown: 0,
    retryDelayOnTryAgain: 0,
    slotsRefreshTimeout: 2000,
    slotsRefreshInterval: 2000,
    redisOptions: node,
  });
}

/**
 * Closes a connection gracefully, its pending commands answered first (QUIT is answered after them), or
 * at once when Redis does not answer within `ms` (it is down: the queued commands fail as they would).
 */
export async function quitWithin(client: RedisClient, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  // A refused QUIT needs no report: the connection is dropped below either way.
  const quit = client.quit().then(
    () => 'quit' as const,
    () => 'refused' as const,
  );
  const how = await Promise.race([quit, late]);
  clearTimeout(timer);
  if (how !== 'quit') client.disconnect();
}

/** Pub/sub clients for the Socket.IO adapter (they must queue while reconnecting). */
export function createPubSub(target: RedisTarget | string): { pub: RedisClient; sub: RedisClient } {
  const t = typeof target === 'string' ? { url: target } : target;
  if ('url' in t) {
    const opts = { retryStrategy, maxRetriesPerRequest: null };
    return {
      pub: new Redis(t.url, { ...opts, connectionName: 'io-pub' }),
      sub: new Redis(t.url, { ...opts, connectionName: 'io-sub' }),
    };
  }
  const cluster = (name: string) =>
    new Cluster(seedNodes(t.clusterNodes), {
      clusterRetryStrategy: retryStrategy,
      // Sharded pub/sub (SSUBSCRIBE/SPUBLISH, Redis ≥ 7): each channel lives on the shard of its slot,
      // so broadcasts spread over the masters instead of every message reaching every node.
      shardedSubscribers: true,
      slotsRefreshInterval: 2000,
      redisOptions: { connectionName: name, maxRetriesPerRequest: null },
    });
  const sub = cluster('io-sub');
  subscribeOnPromotedReplicas(sub);
  return { pub: cluster('io-pub'), sub };
}

/** The part of ioredis's (untyped) sharded subscriber group this file relies on. */
interface ShardedSubscriberGroup {
  shardedSubscribers: Map<string, { getInstance(): Redis | null }>;
  subscriberToSlotsIndex: Map<string, number[]>;
  channels: Map<number, string[]>;
  _addSubscriber(redis: Redis): unknown;
  _resubscribe(): void;
}

/**
 * ioredis 5.8 starts a sharded subscriber per master it meets, but a replica that is promoted is a
 * node it already knows (as a replica), so no subscriber is started for it and every channel of the
 * failed-over slots goes deaf. After each slot refresh, start the missing ones (the group resubscribes
 * their channels). Covered by test/redis-cluster-failover.test.ts: a broadcast crosses instances on
 * a channel of the failed-over shard.
 */
function subscribeOnPromotedReplicas(sub: Cluster): void {
  // The adapter never awaits (un)subscribing; one sent to a shard that just died must not surface as
  // an unhandled rejection (the channel is subscribed again on its new master after the refresh).
  for (const name of ['ssubscribe', 'sunsubscribe'] as const) {
    const send = sub[name].bind(sub) as (...channels: string[]) => Promise<unknown>;
    (sub as unknown as Record<string, unknown>)[name] = (...channels: string[]) => {
      const reply = send(...channels);
      reply.catch(() => undefined);
      return reply;
    };
  }
  const group = (sub as unknown as { shardedSubscribers?: ShardedSubscriberGroup }).shardedSubscribers;
  if (!group || typeof group._addSubscriber !== 'function') return;
  // The group's own resubscription leaves its promises unhandled; a shard that is down rejects them.
  // Same walk, with the failures handled (the next refresh subscribes again).
  group._resubscribe = () => {
    for (const [key, subscriber] of group.shardedSubscribers) {
      const redis = subscriber.getInstance();
      if (!redis) continue;
      for (const slot of group.subscriberToSlotsIndex.get(key) ?? []) {
        const channels = group.channels.get(slot);
        if (!channels?.length) continue;
        redis.ssubscribe(...channels).catch(() => undefined);
        redis.once('ready', () => redis.ssubscribe(...channels).catch(() => undefined));
      }
    }
  };
  sub.on('refresh', () => {
    for (const node of sub.nodes('master')) {
      const key = `${node.options.host}:${node.options.port}`;
      if (!group.shardedSubscribers.has(key)) group._addSubscriber(node);
    }
  });
}
