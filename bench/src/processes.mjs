// The processes of a bench run: booking servers (node server/dist/index.js), load-generator workers
// (worker.mjs) and their CPU / memory sampling.
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { freePort, startService, waitFor } from '../../scripts/lib/proc.mjs';
import { ephemeralSecret, noAddressLimits } from '../../scripts/lib/secret.mjs';
import { SERVER_ENTRY, SERVER_NODE_FLAGS } from '../../scripts/lib/server-node.mjs';
import { pool, round } from './stats.mjs';

export const here = path.dirname(new URL(import.meta.url).pathname);
/** The build of the server a run starts: another one with BENCH_SERVER_ENTRY (bench/README.md). */
export const serverEntry = () => process.env.BENCH_SERVER_ENTRY || SERVER_ENTRY;
/** Production mode requires a secret; every server of one run shares it (tokens cross instances). */
const BENCH_AUTH_SECRET = ephemeralSecret();
/** /metrics is closed in production without a token: the bench reads its histograms with this one. */
const METRICS_TOKEN = ephemeralSecret();
export const root = path.resolve(here, '../..');
const WORKER = path.join(here, 'worker.mjs');

/** MAX_SEATS_PER_USER of every bench server. */
export const MAX_SEATS = 10;

export const log = (...a) => console.log('›', ...a);

export function startWorker(start) {
  const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const listeners = new Set();
  let settled;
  const done = new Promise((resolve, reject) => {
    settled = { resolve, reject };
  });
  let readyResolve;
  const ready = new Promise((r) => {
    readyResolve = r;
  });
  child.on('message', (m) => {
    if (m.ev === 'ready') readyResolve(m);
    else if (m.ev === 'result') {
      worker.cpuPct = m.result?.cpuPct ?? null;
      settled.resolve(m.result);
    } else if (m.ev === 'error') settled.reject(new Error(`load generator failed: ${m.message}`));
    for (const l of listeners) l(m);
  });
  child.on('exit', (code) => {
    if (code !== 0) settled.reject(new Error(`load generator exited with ${code}`));
    readyResolve({ connected: 0, failed: 0 });
  });
  child.send({ cmd: 'start', ...start });
  const worker = {
    cpuPct: null,
    child,
    ready,
    done,
    send: (m) => child.connected && child.send(m),
    on: (fn) => listeners.add(fn),
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
  return worker;
}

/** Busy and total jiffies of all cores, from /proc/stat. */
function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { total, busy: total - f[3] - (f[4] ?? 0) };
}

/**
 * Decision time inside the server (fastpass_hold_seconds, from /metrics), as opposed to the ack
 * latency clients see, which also counts queueing in sockets and event loops on a shared machine.
 */
export function holdDecisionMs(url) {
  return histogramMs(url, 'fastpass_hold_seconds');
}

/** The buckets (upper bounds in ms) of one of the server's histograms, from /metrics. */
export async function histogramMs(url, name) {
  try {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    if (!res.ok) return null;
    const text = await res.text();
    const re = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)`, 'gm');
    return [...text.matchAll(re)].map((m) => ({
      le: m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]) * 1000,
      n: Number(m[2]),
    }));
  } catch {
    return null;
  }
}

/** Upper bucket bound of percentile p between two /metrics readings. */
export function bucketPercentile(before, after, p) {
  if (!before || !after || after.length === 0) return null;
  const delta = after.map((b, i) => ({ le: b.le, n: b.n - (before[i]?.n ?? 0) }));
  const total = delta[delta.length - 1].n;
  if (total === 0) return null;
  const hit = delta.find((b) => b.n >= (total * p) / 100);
  if (!hit) return null;
  // Beyond the histogram's top bucket: say so rather than invent a number.
  return Number.isFinite(hit.le) ? hit.le : `> ${delta[delta.length - 2]?.le ?? 0}`;
}

/** Server CPU (% of one core) and RSS sampled from /proc while a scenario runs. */
export function sampleProcess(pid) {
  const ticks = () => cpuTicks(pid);
  const rss = () => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : null;
    } catch {
      return null;
    }
  };
  const t0 = Date.now();
  const c0 = ticks();
  const m0 = machineTicks();
  let maxRss = rss() ?? 0;
  const timer = setInterval(() => {
    maxRss = Math.max(maxRss, rss() ?? 0);
  }, 250);
  return () => {
    clearInterval(timer);
    const c1 = ticks();
    const m1 = machineTicks();
    const secs = (Date.now() - t0) / 1000;
    return {
      cpuPct: c0 === null || c1 === null ? null : round(((c1 - c0) / 100 / secs) * 100, 0),
      rssMb: round(Math.max(maxRss, rss() ?? 0), 0),
      // All cores together (100 = every core busy): near 100 means the machine, not the server, is the limit.
      machineBusyPct: round((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total), 0),
    };
  };
}

/** CPU jiffies (user + system) of a process, or null once it is gone. */
function cpuTicks(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/**
 * The data dirs of the Postgres and Redis this bench provisioned (a service runs in its data dir), so
 * their CPU is told from any other Postgres or Redis on the machine (a test run, a developer's stack).
 * Empty when DATABASE_URL / REDIS_URL point elsewhere: then every such process counts.
 */
let serviceDirs = [];
export function measureServicesIn(dirs) {
  serviceDirs = dirs ?? [];
}

function ownService(pid) {
  if (serviceDirs.length === 0) return true;
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return serviceDirs.some((d) => cwd === d || cwd.startsWith(`${d}/`));
  } catch {
    return false; // gone, or not ours to read
  }
}

/** This bench's processes with this command name (Postgres: the postmaster and its backends). */
function pidsNamed(comm) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === comm && ownService(name))
        out.push(Number(name));
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

/**
 * CPU (% of one core) of the load generators, one figure per process, and of Postgres (all of its
 * processes together) and Redis while a scenario runs: a row whose load processes sit near 100 %
 * measures them, not the server. Postgres and Redis are null when they run elsewhere; only the bench's
 * own are counted when it provisioned them (measureServicesIn).
 */
export function sampleLoad(workers) {
  const t0 = Date.now();
  const w0 = workers.map((w) => cpuTicks(w.child.pid));
  const named = (comm) => new Map(pidsNamed(comm).map((pid) => [pid, cpuTicks(pid) ?? 0]));
  const pg0 = named('postgres');
  const redis0 = named('redis-server');
  return () => {
    const secs = Math.max(0.001, (Date.now() - t0) / 1000);
    const pct = (ticks) => round((ticks / 100 / secs) * 100, 0);
    // A worker that already exited reported its own figure with its result (w.cpuPct).
    const load = workers.map((w, i) => {
      const t = cpuTicks(w.child.pid);
      return t === null || w0[i] === null ? (w.cpuPct ?? null) : pct(t - w0[i]);
    });
    const since = (comm, before) => {
      const now = pidsNamed(comm);
      return now.length === 0
        ? null
        : pct(now.reduce((a, pid) => a + ((cpuTicks(pid) ?? 0) - (before.get(pid) ?? 0)), 0));
    };
    return {
      loadCpuPct: load,
      postgresCpuPct: since('postgres', pg0),
      redisCpuPct: since('redis-server', redis0),
    };
  };
}

function logDir() {
  const dir = path.join(root, 'bench/results/logs');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `--cpu-prof`: node flags that write a .cpuprofile of the process to bench/results/profiles/. */
export function profileArgs(opts, label) {
  if (!opts.cpuProf) return [];
  const dir = path.join(root, 'bench/results/profiles');
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=server-${label}-${Date.now()}.cpuprofile`];
}

export async function startServer(stack, holdStore, opts, label, env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = profileArgs(opts, label);
  // The seed's method is not in the server: its baseline runs the server with the store injected.
  const entry =
    holdStore === 'seed-redlock'
      ? ['--import', 'tsx', 'bench/src/seed-redlock/server.ts']
      : [...SERVER_NODE_FLAGS, serverEntry()];
  const svc = startService(`server:${label}`, 'node', [...nodeArgs, ...entry], {
    env: {
      PORT: String(port),
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      HOLD_STORE: holdStore === 'seed-redlock' ? 'auto' : holdStore,
      RATE_LIMIT_PER_SEC: '0',
      // Thousands of simulated passengers from one address, each watching as fast as it can.
      ...noAddressLimits,
      MAX_SOCKETS_PER_USER: '0',
      WATCH_LIMIT_PER_SEC: '0',
      AUTH_SECRET: BENCH_AUTH_SECRET,
      METRICS_TOKEN,
      LOG_LEVEL: 'warn',
      MAX_SEATS_PER_USER: String(MAX_SEATS),
      // The bench measures the booking rush: orders confirm at once, as in contract v1.
      PAYMENTS: 'off',
      NODE_ENV: 'production',
      ...env,
    },
    logFile: path.join(logDir(), `server-${label}.log`),
  });
  await waitFor(`booking server (${label})`, async () => (await fetch(`${url}/readyz`)).ok, 60_000);
  const ready = await (await fetch(`${url}/readyz`)).json();
  return { url, svc, pid: svc.child.pid, mode: ready.mode };
}

export async function guestTokens(url, n) {
  return pool(Array.from({ length: n }), 32, async () => {
    const res = await fetch(`${url}/api/auth/guest`, { method: 'POST' });
    if (res.status !== 201) throw new Error(`POST /api/auth/guest → ${res.status}`);
    return (await res.json()).token;
  });
}

export function split(list, parts) {
  const out = Array.from({ length: parts }, () => []);
  list.forEach((x, i) => out[i % parts].push(x));
  return out.filter((p) => p.length > 0);
}

export function latency(hist) {
  return { p50Ms: hist.percentile(50), p95Ms: hist.percentile(95), p99Ms: hist.percentile(99) };
}
