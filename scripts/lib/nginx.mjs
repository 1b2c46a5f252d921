// nginx (Debian's package) in front of booking instances, from deploy/nginx as shipped with only the
// addresses changed: the upstream lists loopback instances, the balancer listens on a chosen port and
// keeps its files in a private prefix. Used by server/test/nginx.test.ts and the scale-out bench.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, waitFor } from './proc.mjs';

const deploy = path.join(root, 'deploy/nginx');

/** Debian's nginx, or a clear failure: `.ci/run` installs it (apt-get install nginx-light). */
export function nginxBinary() {
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

/** Writes the configuration for `port` in front of `upstreams` (ports on 127.0.0.1). */
export function renderNginx(port, upstreams) {
  const prefix = mkdtempSync(path.join(tmpdir(), 'fp-nginx-'));
  chmodSync(prefix, 0o755);
  const site = readFileSync(path.join(deploy, 'fastpass.conf'), 'utf8');
  if (!site.includes('listen 4000;')) throw new Error('deploy/nginx/fastpass.conf no longer listens on 4000');
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
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (t) => `  ${t}_temp_path ${prefix}/${t}_temp;`,
  );
  const main = readFileSync(path.join(deploy, 'nginx.conf'), 'utf8')
    .replaceAll('/etc/nginx/fastpass/', `${prefix}/`)
    .replace('worker_processes auto;', 'worker_processes 1;')
    .replace('worker_connections 16384;', 'worker_connections 8192;')
    .replace('http {', ['http {', '  access_log off;', ...temp].join('\n'));
  const conf = path.join(prefix, 'nginx.conf');
  const head = [
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    'worker_rlimit_nofile 20000;',
  ];
  writeFileSync(conf, [...head, main].join('\n'));
  return { prefix, conf };
}

/** `nginx -t` on a rendered configuration; throws with nginx's own message when it is refused. */
export function checkNginx(conf, prefix) {
  execFileSync(nginxBinary(), ['-t', '-q', '-p', prefix, '-c', conf], { stdio: 'pipe' });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Starts nginx in the foreground of a process group of its own; `stop()` quits it gracefully. */
export async function startNginx(port, upstreams) {
  const { prefix, conf } = renderNginx(port, upstreams);
  checkNginx(conf, prefix);
  const child = spawn(nginxBinary(), ['-p', prefix, '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  await waitFor(`nginx on ${port}`, () => canConnect(port), 10_000);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGQUIT'); // graceful: workers finish their requests
      await exited;
    },
  };
}
