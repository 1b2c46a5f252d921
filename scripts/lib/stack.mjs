// The services FastPass needs (Postgres, Redis), provisioned unless DATABASE_URL / REDIS_URL point elsewhere.
import path from 'node:path';
import { startEmbeddedPostgres } from './postgres.mjs';
import { root, run } from './proc.mjs';
import { startRedis } from './redis.mjs';

/**
 * @param {{ name: string, fresh: boolean }} opts name separates data dirs (start vs test); fresh wipes them.
 * @returns {Promise<{ databaseUrl: string, redisUrl: string, serviceDirs: string[], stop: () => Promise<void> }>}
 *   serviceDirs: the data dirs of the services provisioned here (their processes run there), so a
 *   measurement can tell them from other Postgres and Redis processes on the machine.
 */
export async function provision({ name, fresh, statementStats = false }) {
  const stops = [];
  const dataRoot = path.join(root, '.data', name);
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  const serviceDirs = [];
  try {
    if (!databaseUrl) {
      console.log(`› starting embedded Postgres (data in .data/${name}/pg)…`);
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(dataRoot, 'pg'),
        database: 'fastpass',
        fresh,
        statementStats,
      });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      serviceDirs.push(path.join(dataRoot, 'pg'));
    }
    if (!redisUrl) {
      console.log('› starting a private redis-server…');
      const redis = await startRedis({ dataDir: path.join(dataRoot, 'redis') });
      stops.push(redis.service.stop);
      redisUrl = redis.url;
      serviceDirs.push(path.join(dataRoot, 'redis'));
    }
    console.log('› migrating and seeding (npm run db:setup)…');
    await run('npm', ['run', '--silent', 'db:setup'], { env: { DATABASE_URL: databaseUrl } });
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
  return { databaseUrl, redisUrl, serviceDirs, stop: () => stopAll(stops) };
}

async function stopAll(stops) {
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.error(`stop failed: ${err.message}`);
    }
  }
}
