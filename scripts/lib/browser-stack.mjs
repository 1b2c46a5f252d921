// What the Playwright suite runs against: booking servers and app instances on free loopback ports, plus a
// loopback control endpoint through which a test may stop and start a booking server (same port, same env).
import http from 'node:http';
import { freePort, httpOk, startService, waitFor } from './proc.mjs';
import { ephemeralSecret, noAddressLimits } from './secret.mjs';
import { SERVER_ENTRY, SERVER_NODE_FLAGS } from './server-node.mjs';

/** Hold TTL of the second booking server, for tests that watch a hold run out. */
const SHORT_TTL_SECONDS = 5;

/**
 * A booking server that can be stopped and started again on the same port, by PID (its process group):
 * never by name.
 */
function bookingServer(name, env, port) {
  const url = `http://127.0.0.1:${port}`;
  let service = null;
  return {
    name,
    url,
    get pid() {
      return service?.child.pid ?? null;
    },
    async start() {
      if (service) return;
      const s = startService(name, 'node', [...SERVER_NODE_FLAGS, SERVER_ENTRY], {
        env: { ...env, PORT: String(port) },
        quiet: true,
      });
      service = s;
      const exited = new Promise((_, reject) =>
        s.child.once('exit', (code, signal) =>
          reject(new Error(`${name} exited during start-up (${code ?? signal})`)),
        ),
      );
      exited.catch(() => undefined);
      try {
        await Promise.race([waitFor(`${name} /readyz`, () => httpOk(`${url}/readyz`), 60_000), exited]);
      } catch (err) {
        if (service === s) service = null;
        await s.stop();
        throw err;
      }
    },
    async stop() {
      const s = service;
      service = null;
      if (s) await s.stop();
    },
  };
}

/**
 * `POST /stop/<name>`, `POST /start/<name>`, `POST /restart/<name>`: answers 200 `{ name, pid }` once done
 * (a start once `/readyz` is 200), 404 for an unknown name. Loopback only.
 */
function startControl(servers) {
  const byName = new Map(servers.map((s) => [s.name, s]));
  let queue = Promise.resolve();
  const server = http.createServer((req, res) => {
    const match = /^\/(stop|start|restart)\/([\w-]+)$/.exec(req.url ?? '');
    const target = match && byName.get(match[2]);
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !match || !target)
      return send(404, { error: 'POST /(stop|start|restart)/<name>' });
    const action = match[1];
    // One operation at a time, so a stop never overtakes a start still in progress.
    queue = queue
      .then(async () => {
        if (action !== 'start') await target.stop();
        if (action !== 'stop') await target.start();
        send(200, { name: target.name, pid: target.pid });
      })
      .catch((err) => send(500, { error: err.message }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * Starts, for the browser tests:
 * - `server` (E2E_API_URL) and the app (E2E_APP_URL) pointed at it;
 * - `short-ttl` (E2E_SHORT_TTL_API_URL), a second booking server on the same Postgres and Redis whose holds
 *   last SHORT_TTL_SECONDS, and a second app instance of the same build pointed at it (E2E_SHORT_TTL_APP_URL);
 * - the control endpoint (E2E_CONTROL_URL) that can stop/start either booking server.
 * @param {{ DATABASE_URL: string, REDIS_URL: string, AUTH_SECRET?: string }} services
 */
export async function startBrowserStack(services) {
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err) => console.error(`stop failed: ${err.message}`));
  };
  // Every browser of the suite comes from 127.0.0.1; both servers share one secret (tokens cross over).
  // Board rows every 50 ms instead of 200: the kiosk soak gets its thousands of updates sooner.
  const env = {
    AUTH_SECRET: ephemeralSecret(),
    ...services,
    ...noAddressLimits,
    BOARD_UPDATE_WINDOW_MS: '50',
  };
  try {
    const main = bookingServer('server', env, await freePort());
    const short = bookingServer(
      'short-ttl',
      { ...env, HOLD_TTL_SECONDS: String(SHORT_TTL_SECONDS) },
      await freePort(),
    );
    const apps = [];
    for (const booking of [main, short]) {
      const port = await freePort();
      const app = startService(
        `app→${booking.name}`,
        'npx',
        ['next', 'start', '-p', String(port), '-H', '127.0.0.1'],
        {
          cwd: 'app',
          env: { BOOKING_URL: booking.url },
          quiet: true,
        },
      );
      stops.push(app.stop);
      apps.push(`http://127.0.0.1:${port}`);
    }
    for (const booking of [main, short]) {
      stops.push(() => booking.stop());
      await booking.start();
    }
    for (const url of apps) await waitFor(`app ${url}`, () => httpOk(`${url}/`), 60_000);
    const control = await startControl([main, short]);
    stops.push(control.close);
    return {
      env: {
        E2E_API_URL: main.url,
        E2E_APP_URL: apps[0],
        E2E_SHORT_TTL_API_URL: short.url,
        E2E_SHORT_TTL_APP_URL: apps[1],
        E2E_SHORT_TTL_SECONDS: String(SHORT_TTL_SECONDS),
        E2E_CONTROL_URL: control.url,
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
