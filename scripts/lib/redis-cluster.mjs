// A real Redis Cluster on loopback for the tests: `masters` redis-server processes in cluster mode,
// each with `replicas` replicas, joined by `redis-cli --cluster create`. Ports are free ones whose
// cluster-bus twin (port + 10000) is free too.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { findRedisServer } from './redis.mjs';
import { startService, waitFor } from './proc.mjs';

const exec = promisify(execFile);

function listenable(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free port p below 55535 whose bus port p + 10000 is free as well. */
async function freeClusterPort(taken) {
  for (let i = 0; i < 200; i++) {
    const p = 20000 + Math.floor(Math.random() * 35000);
    if (taken.has(p) || taken.has(p + 10000)) continue;
    if ((await listenable(p)) && (await listenable(p + 10000))) return p;
  }
  throw new Error('no free port pair for a Redis Cluster node');
}

/** One redis-cli call against a node; resolves with its stdout. */
export async function redisCli(port, ...args) {
  const { stdout } = await exec('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    timeout: 10_000,
  });
  return stdout;
}

/**
 * What one node believes: ports of the live masters that serve slots, and of the live replicas.
 * CLUSTER NODES lines are `<id> <ip:port@bus> <flags> <master> … <slots…>`, flags like `myself,master`.
 */
async function roles(port) {
  const out = { masters: [], replicas: [] };
  for (const f of (await redisCli(port, 'CLUSTER', 'NODES')).split('\n').map((l) => l.trim().split(' '))) {
    if (f.length < 8) continue;
    const flags = f[2].split(',');
    if (flags.includes('fail') || flags.includes('fail?')) continue;
    const p = Number(f[1].split('@')[0].split(':').pop());
    if (flags.includes('master') && f.length > 8) out.masters.push(p);
    if (flags.includes('slave')) out.replicas.push(p);
  }
  return out;
}

/**
 * Starts the cluster and waits until every node reports `cluster_state:ok`.
 * @param {{ dataDir: string, masters?: number, replicas?: number, nodeTimeoutMs?: number }} opts
 */
export async function startRedisCluster({ dataDir, masters = 3, replicas = 1, nodeTimeoutMs = 2000 }) {
  const bin = findRedisServer();
  rmSync(dataDir, { recursive: true, force: true });
  const taken = new Set();
  const nodes = [];
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const port = await freeClusterPort(taken);
      taken.add(port);
      const dir = path.join(dataDir, String(port));
      mkdirSync(dir, { recursive: true });
      const service = startService(
        `redis-${port}`,
        bin,
        [
          ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
          ...['--save', '', '--appendonly', 'no'],
          ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
          ...['--cluster-node-timeout', String(nodeTimeoutMs)],
        ],
        { quiet: true },
      );
      nodes.push({ port, service });
      await waitFor(
        `redis cluster node ${port}`,
        async () => (await redisCli(port, 'PING')).trim() === 'PONG',
        15_000,
      );
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await exec(
      'redis-cli',
      ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'],
      { timeout: 60_000 },
    );
    await waitFor(
      'redis cluster state ok on every node',
      async () => {
        for (const n of nodes) {
          if (!(await redisCli(n.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok')) return false;
          const r = await roles(n.port);
          if (r.masters.length !== masters || r.replicas.length !== masters * replicas) return false;
          // A replica that never finished its first sync will not stand for election.
          const info = await redisCli(n.port, 'INFO', 'replication');
          if (info.includes('role:slave') && !info.includes('master_link_status:up')) return false;
        }
        return true;
      },
      60_000,
    );
  } catch (err) {
    await Promise.all(nodes.map((n) => n.service.stop()));
    throw err;
  }
  return {
    /** `host:port` of every node, the value for REDIS_CLUSTER_NODES. */
    nodes: nodes.map((n) => `127.0.0.1:${n.port}`),
    /** Ports of the nodes that are masters now. */
    async masterPorts() {
      let last;
      for (const n of nodes) {
        try {
          return (await roles(n.port)).masters;
        } catch (err) {
          last = err; // that node is down: ask the next
        }
      }
      throw last;
    },
    /** Kills one node at once (SIGKILL: no shutdown save, no goodbye to the cluster). */
    kill(port) {
      const n = nodes.find((x) => x.port === port);
      if (!n) throw new Error(`no cluster node on ${port}`);
      process.kill(-n.service.child.pid, 'SIGKILL');
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.service.stop()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
