import type { Config } from '../config';
import { createDb } from './db';
import type { Logger } from './logger';
import { createPubSub, createRedis } from './redis';

/**
 * The connections one server process holds: Postgres, the Redis command connection (scripts), the
 * health probe's own Redis connection (never queued behind commands) and the adapter's pub/sub pair.
 * A Redis outage is logged once, by the command connection, until it is back.
 */
export function connect(config: Pick<Config, 'databaseUrl' | 'redisUrl'>, log: Logger) {
  const db = createDb(config.databaseUrl);
  const redis = createRedis(config.redisUrl, 'fastpass-cmd');
  let redisErrorLogged = false;
  redis.on('error', (err) => {
    if (!redisErrorLogged) log.warn({ err: err.message }, 'redis error');
    redisErrorLogged = true;
  });
  redis.on('ready', () => {
    redisErrorLogged = false;
  });
  const probeRedis = createRedis(config.redisUrl, 'fastpass-probe', { autoPipelining: false });
  const pubsub = createPubSub(config.redisUrl);
  // Reported by the command client.
  for (const c of [pubsub.pub, pubsub.sub, probeRedis]) c.on('error', () => {});
  return { db, redis, probeRedis, pubsub };
}
