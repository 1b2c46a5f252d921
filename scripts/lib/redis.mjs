// Redis for start/test: REDIS_URL if given, else a private redis-server (installed with apt as root on Debian).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { freePort, startService, waitFor } from './proc.mjs';

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function findRedisServer() {
  let bin = which('redis-server');
  if (bin) return bin;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version') && which('apt-get')) {
    console.log('› redis-server not found: installing it with apt-get…');
    execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    bin = which('redis-server');
    if (bin) return bin;
  }
  throw new Error(
    'Redis is needed. Set REDIS_URL=redis://host:port to use a running Redis, or install redis-server ' +
      '(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run again.',
  );
}

function ping(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      s.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
    s.once('error', () => resolve(false));
  });
}

/** Starts a private redis-server; returns { url, port, service }. */
export async function startRedis({ dataDir, port, quiet = true }) {
  const bin = findRedisServer();
  mkdirSync(dataDir, { recursive: true });
  const p = port ?? (await freePort());
  const service = startService(
    'redis',
    bin,
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir],
    { quiet },
  );
  await waitFor(`redis on ${p}`, () => ping(p), 15_000);
  return { url: `redis://127.0.0.1:${p}`, port: p, service };
}
