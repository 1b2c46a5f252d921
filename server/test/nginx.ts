import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect, waitUntil } from './services';

const deploy = path.join(__dirname, '../../deploy/nginx');

/** Debian's nginx, or a clear failure: `.ci/run` installs it (apt-get install nginx-light). */
export function nginxBinary(): string {
  for (const bin of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    try {
      execFileSync(bin, ['-v'], { stdio: 'ignore' });
      return bin;
    } catch {
      // try the next
    }
  }
  throw new Error('nginx is not installed: apt-get install nginx-light (.ci/run does it)');
}

/**
 * deploy/nginx as shipped, with only the addresses changed: the upstream lists these loopback
 * instances, the balancer listens on `port`, and its files live in a private prefix.
 */
export function renderNginx(port: number, upstreams: number[]): { prefix: string; conf: string } {
  const prefix = mkdtempSync(path.join(tmpdir(), 'fp-nginx-'));
  chmodSync(prefix, 0o755);
  const site = readFileSync(path.join(deploy, 'fastpass.conf'), 'utf8');
  if (!/listen 4000;/.test(site)) throw new Error('deploy/nginx/fastpass.conf no longer listens on 4000');
  writeFileSync(
    path.join(prefix, 'fastpass.conf'),
    site.replace('listen 4000;', `listen 127.0.0.1:${port};`),
  );
  const upstream = readFileSync(path.join(deploy, 'upstream.conf'), 'utf8').replace(
    /(\n\s*server booking-\d:4000[^\n]*)+/,
    upstreams.map((p) => `\n  server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join(''),
  );
  if (upstream.includes('server booking-')) throw new Error('deploy/nginx/upstream.conf changed shape');
  writeFileSync(path.join(prefix, 'upstream.conf'), upstream);
  const main = readFileSync(path.join(deploy, 'nginx.conf'), 'utf8')
    .replaceAll('/etc/nginx/fastpass/', `${prefix}/`)
    .replace('worker_processes auto;', 'worker_processes 1;')
    .replace('worker_connections 16384;', 'worker_connections 1024;');
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    [
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      `pid ${prefix}/nginx.pid;`,
      `error_log ${prefix}/error.log warn;`,
      main.replace(
        'http {',
        [
          'http {',
          '  access_log off;',
          ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
            (t) => `  ${t}_temp_path ${prefix}/${t}_temp;`,
          ),
        ].join('\n'),
      ),
    ].join('\n'),
  );
  return { prefix, conf };
}

/** `nginx -t` on a rendered configuration; throws with nginx's own message when it is refused. */
export function checkNginx(conf: string, prefix: string): void {
  execFileSync(nginxBinary(), ['-t', '-q', '-p', prefix, '-c', conf], { stdio: 'pipe' });
}

/** A private nginx in front of the given instances. */
export class Balancer {
  private proc: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly upstreams: number[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const { prefix, conf } = renderNginx(this.port, this.upstreams);
    checkNginx(conf, prefix);
    this.proc = spawn(nginxBinary(), ['-p', prefix, '-c', conf, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    await waitUntil(`nginx on ${this.port}`, () => canConnect(this.port), 10_000, 50);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p?.pid || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    process.kill(-p.pid, 'SIGQUIT'); // graceful: workers finish their requests
    await exited;
  }
}
