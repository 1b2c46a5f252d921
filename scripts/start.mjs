// `npm start`: install, build, provision Postgres + Redis, start the booking server (4000) and app (3000).
import { ensureDependencies, build } from './lib/install.mjs';
import { httpOk, portInUse, startService, waitFor } from './lib/proc.mjs';
import { SERVER_ENTRY, SERVER_NODE_FLAGS } from './lib/server-node.mjs';

const serverPort = Number(process.env.PORT ?? 4000);
const appPort = Number(process.env.APP_PORT ?? 3000);

async function main() {
  const t0 = Date.now();
  for (const port of [serverPort, appPort]) {
    if (await portInUse(port))
      throw new Error(`port ${port} is already in use (is FastPass already running?)`);
  }
  await ensureDependencies();
  await build();
  const { provision } = await import('./lib/stack.mjs');
  const stack = await provision({ name: 'dev', fresh: false });
  const services = [];
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\n› stopping FastPass…');
    for (const s of services.reverse()) await s.stop();
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  const { authSecret } = await import('./lib/secret.mjs');
  const env = {
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    PORT: String(serverPort),
    AUTH_SECRET: authSecret('dev'),
  };
  const server = startService('server', 'node', [...SERVER_NODE_FLAGS, SERVER_ENTRY], { env });
  services.push(server);
  const appEnv = { PORT: String(appPort) };
  if (serverPort !== 4000 && !process.env.BOOKING_URL) appEnv.BOOKING_URL = `http://localhost:${serverPort}`;
  const app = startService('app', 'npx', ['next', 'start', '-p', String(appPort)], {
    cwd: 'app',
    env: appEnv,
  });
  services.push(app);
  for (const s of services) {
    s.child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${s.name} exited (${code ?? signal}); stopping everything`);
        shutdown(1);
      }
    });
  }
  await waitFor('booking server', () => httpOk(`http://127.0.0.1:${serverPort}/readyz`), 60_000);
  await waitFor('app', () => httpOk(`http://127.0.0.1:${appPort}/`), 60_000);
  console.log(`\n✓ FastPass is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  app:            http://localhost:${appPort}`);
  console.log(`  booking server: http://localhost:${serverPort}  (readyz, metrics, /api, /socket.io)`);
  console.log(`  postgres:       ${stack.databaseUrl}`);
  console.log(`  redis:          ${stack.redisUrl}`);
  console.log('  Ctrl-C stops everything.\n');
}

// Entry dir must be the repo root for relative paths (npm runs scripts there).
process.chdir(new URL('..', import.meta.url).pathname);
main().catch((err) => {
  console.error(`✗ npm start failed: ${err.message}`);
  process.exit(1);
});
