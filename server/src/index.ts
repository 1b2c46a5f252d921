import { createApp } from './app';
import { loadConfig } from './config';
import { buildDeps } from './deps';

const config = loadConfig();
const deps = buildDeps(config);
const { http, io } = createApp(deps.appDeps);

// A dependency failing mid-flight must be logged, never take down every passenger's connection.
process.on('unhandledRejection', (err) => deps.appDeps.log.error({ err }, 'unhandled rejection'));

deps
  .start()
  .catch((err) => deps.appDeps.log.error({ err: String(err) }, 'start-up tasks failed; continuing'))
  .finally(() =>
    http.listen(config.port, () => deps.appDeps.log.info({ port: config.port }, 'booking server listening')),
  );

const shutdown = () => {
  io.close();
  http.close();
  deps.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
