import { createApp } from './app';
import { storedDevSecret } from './auth/secret';
import { type Config, loadConfig } from './config';
import { buildDeps } from './deps';
import type { HoldStoreFactory } from './failover/store-chain';
import { createDb } from './infra/db';
import { createLogger } from './infra/logger';
import { gracefulShutdown } from './shutdown';

/** A configuration problem is the operator's to fix: one line, no stack trace, non-zero exit. */
function refuse(message: string): never {
  console.error(`fastpass server refuses to start: ${message}`);
  process.exit(1);
}

async function withSecret(config: Config): Promise<Config> {
  if (config.authSecret) return config;
  const db = createDb(config.databaseUrl);
  try {
    return { ...config, authSecret: await storedDevSecret(db, createLogger(config.logLevel)) };
  } catch (err) {
    refuse(`AUTH_SECRET is not set and none could be kept in the database (${(err as Error).message})`);
  } finally {
    await db.destroy();
  }
}

export interface ServeOptions {
  /**
   * Replaces the store chain's decision store (benchmarks only: bench/src/seed-redlock/server.ts runs
   * the seed's Redlock method this way, so it never ships in the server).
   */
  holdStore?: HoldStoreFactory;
}

/** Resolves the configuration, builds every service, and listens until SIGINT/SIGTERM. */
export async function serve(options: ServeOptions = {}): Promise<void> {
  let loaded: Config;
  try {
    loaded = loadConfig();
  } catch (err) {
    refuse((err as Error).message);
  }
  const config = await withSecret(loaded);
  const deps = buildDeps(config, undefined, options);
  const { http, io } = createApp(deps.appDeps);

  // A dependency failing mid-flight must be logged, never take down every passenger's connection.
  process.on('unhandledRejection', (err) => deps.appDeps.log.error({ err }, 'unhandled rejection'));

  deps
    .start()
    .catch((err) => deps.appDeps.log.error({ err: String(err) }, 'start-up tasks failed; continuing'))
    .finally(() =>
      http.listen(config.port, () =>
        deps.appDeps.log.info({ port: config.port }, 'booking server listening'),
      ),
    );

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    gracefulShutdown(
      { http, io, drain: deps.appDeps.drain, log: deps.appDeps.log, close: deps.close },
      config.shutdown,
    )
      .catch((err) => deps.appDeps.log.error({ err: String(err) }, 'shutdown failed'))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
