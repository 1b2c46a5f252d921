// The suites of `npm test` that need more than one Redis or one process: the contract suites again on a
// real Redis Cluster (3 masters + 3 replicas), so every rule holds with REDIS_CLUSTER_NODES set.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root, runStatus } from './proc.mjs';
import { startRedisCluster } from './redis-cluster.mjs';

/** Server suites that run a second time against the cluster (two instances where they start two). */
export const CLUSTER_SUITES = [
  'test/store-contract.test.ts',
  'test/race.test.ts',
  'test/socket.test.ts',
  'test/holds.test.ts',
  'test/orders.test.ts',
  'test/expiry.test.ts',
  'test/queue.test.ts',
  'test/api.test.ts',
  'test/direct-writes.test.ts',
];

const OPS_TOOLS = [
  ['/usr/sbin/nginx', 'nginx-light'],
  ['promtool', 'prometheus'],
  ['docker-compose', 'docker-compose'],
];

const have = (bin) =>
  bin.startsWith('/') ? existsSync(bin) : spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

/**
 * The scale-out suites need nginx, promtool and docker-compose from Debian's packages: installed with
 * apt-get when missing and running as root on Debian (as redis-server is), else a message says how.
 */
export function ensureOpsTools() {
  const missing = OPS_TOOLS.filter(([bin]) => !have(bin)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() === 0 && existsSync('/etc/debian_version') && have('apt-get')) {
    console.log(`› installing ${missing.join(', ')} with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
    return;
  }
  console.warn(
    `! missing ${missing.join(', ')} (Debian: apt-get install ${missing.join(' ')}): their suites will fail`,
  );
}

/** @returns {Promise<Array<[string, number]>>} name and exit code of each suite run */
export async function runScaleSuites(env) {
  const results = [];
  console.log('› starting a Redis Cluster (3 masters, 3 replicas) on private ports…');
  const cluster = await startRedisCluster({ dataDir: path.join(root, '.data', 'test', 'redis-cluster') });
  try {
    results.push([
      'contract suites on Redis Cluster (vitest, REDIS_CLUSTER_NODES)',
      await runStatus('npx', ['vitest', 'run', ...CLUSTER_SUITES], {
        cwd: path.join(root, 'server'),
        env: { ...env, REDIS_CLUSTER_NODES: cluster.nodes.join(',') },
      }),
    ]);
  } finally {
    await cluster.stop();
  }
  return results;
}
