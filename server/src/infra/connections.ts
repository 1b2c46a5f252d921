import type { Config } from '../config';
import { createDb } from './db';
import type { Logger } from './logger';
import { createPubSub, createRedis, redisTarget } from './redis';

/**
 * The connections one server process holds: Postgres, the Redis command connection (scripts), the
 * health probe's own Redis connection (never queued behind commands) and the adapter's pub/sub pair.
 * A Redis outage is logged once, by the command connection, until it is back.
 */
export function connect(config: Pick<Config, 'databaseUrl' | 'redisUrl' | 'redisClusterNodes'>, log: Logger) {
  const db = createDb(config.databaseUrl);
  const target = redisTarget(config);
  const redis = createRedis(target, 'fastpass-cmd');
  let redisErrorLogged = false;
  redis.on('error', (err) => {
    if (!redisErrorLogged) log.warn({ err: err.message }, 'redis error');
    redisErrorLogged = true;
  });
  redis.on('ready', () => {
    redisErrorLogged = false;
  });
  const probeRedis = createRedis(target, 'fastpass-probe', { autoPipelining: false });
  const pubsub = createPubSub(target);
  // Reported by the command client.
  for (const c of [pubsub.pub, pubsub.sub, probeRedis]) c.on('error', () => {});
  return { db, redis, probeRedis, pubsub };
}
