// `npm run bench -- --scenario queue`: the waiting room at scale. N waiting clients (default 20,000) join
// a queued sale before it opens, the operator opens it (the lottery draws all of them), and the server
// admits at a fixed rate while every waiter is kept informed. Reports the server's memory per waiting
// socket and the delay from each admission tick to the client receiving the position it produced.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { log, startServer } from './processes.mjs';
import { createRushTrip, openDb } from './seed.mjs';
import { Histogram, pool, round, sleep } from './stats.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');

export const QUEUE_DEFAULTS = { waiters: 20_000, waiterProcs: 4, queueDuration: 30, admitPerMinute: 6000 };
export const QUEUE_TARGETS = { waiters: 20_000, updateP99Ms: 2000 };

const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};
const cpuTicks = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
};

function worker(start) {
  const child = fork(path.join(here, 'queue-worker.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waitFor = (ev) =>
    new Promise((resolve, reject) => {
      child.on('message', (m) => {
        if (m.ev === ev) resolve(m);
        if (m.ev === 'error') reject(new Error(m.message));
      });
      child.once('exit', (code) => reject(new Error(`queue worker exited with ${code}`)));
    });
  const ready = waitFor('ready');
  child.send({ cmd: 'start', ...start });
  return {
    ready,
    stop: () => {
      const r = waitFor('result');
      child.send({ cmd: 'stop' });
      return r.then((m) => m.result);
    },
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
}

/** The open-files limit (soft) a child process inherits: one file descriptor per waiting socket. */
function fdLimit() {
  const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
}

export async function runQueueBench(opts, stack) {
  const o = { ...QUEUE_DEFAULTS, ...opts.queue };
  const requested = o.waiters;
  // The server needs one descriptor per socket plus a few hundred of its own (Postgres pool, Redis,
  // log files): beyond that it would refuse connections, which measures the limit, not the server.
  const cap = fdLimit() - 300;
  if (o.waiters > cap) {
    log(`open-files limit ${fdLimit()} (ulimit -n): ${o.waiters} waiters capped at ${cap}`);
    o.waiters = cap;
  }
  const db = openDb(stack.databaseUrl);
  const workers = [];
  let svc = null;
  try {
    // The same server as every other scenario (limits off for 20,000 passengers from one address).
    const server = await startServer(stack, 'auto', opts, 'queue');
    svc = server.svc;
    const { url, pid } = server;
    const tripId = await createRushTrip(db, 'queue');
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@fastpass.local', password: 'fastpass-ops' }),
    });
    const operator = (await login.json()).token;
    const ops = (method, p, body) =>
      fetch(`${url}${p}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
        body: JSON.stringify(body),
      }).then(async (r) => {
        if (!r.ok) throw new Error(`${method} ${p} → ${r.status} ${await r.text()}`);
        return r.json();
      });
    const sale = await ops('POST', '/api/ops/sales', {
      name: 'Bench waiting room',
      tripIds: [tripId],
      queue: true,
      opensAt: new Date(Date.now() + 3600_000).toISOString(),
      admitPerMinute: o.admitPerMinute,
    });

    log(`creating ${o.waiters} guest users…`);
    const tokens = await pool(Array.from({ length: o.waiters }), 32, async () => {
      const r = await fetch(`${url}/api/auth/guest`, { method: 'POST' });
      if (r.status !== 201) throw new Error(`POST /api/auth/guest → ${r.status}`);
      return (await r.json()).token;
    });
    await sleep(2000);
    const rssBefore = rssMb(pid);
    log(`connecting ${o.waiters} waiting sockets in ${o.waiterProcs} processes (pre-queue, before opening)…`);
    const parts = Array.from({ length: o.waiterProcs }, (_, i) =>
      tokens.filter((_, j) => j % o.waiterProcs === i),
    );
    for (const part of parts) workers.push(worker({ url, tripId, tokens: part }));
    const readies = await Promise.all(workers.map((w) => w.ready));
    const connected = readies.reduce((a, r) => a + r.connected, 0);
    await sleep(2000);
    const rssWaiting = rssMb(pid);

    log(
      `opening the sale: lottery over ${connected} entrants, then ${o.admitPerMinute}/min admitted for ${o.queueDuration} s…`,
    );
    const c0 = cpuTicks(pid);
    const t0 = Date.now();
    await ops('PATCH', `/api/ops/sales/${sale.id}`, { state: 'open' });
    let maxRss = rssWaiting;
    const deadline = Date.now() + o.queueDuration * 1000;
    while (Date.now() < deadline) {
      await sleep(500);
      maxRss = Math.max(maxRss, rssMb(pid));
    }
    const cpuPct = ((cpuTicks(pid) - c0) / 100 / ((Date.now() - t0) / 1000)) * 100;
    const results = await Promise.all(workers.map((w) => w.stop()));
    const first = results.map((r) => Histogram.fromSparse(r.first)).reduce((a, b) => a.merge(b));
    const steady = results.map((r) => Histogram.fromSparse(r.steady)).reduce((a, b) => a.merge(b));
    const updates = results.reduce((a, r) => a + r.updates, 0);
    const lottery = await (await fetch(`${url}/api/sales/${sale.id}/lottery`)).json();
    return {
      requested,
      fdLimit: fdLimit(),
      waiters: o.waiters,
      connected,
      joinFailed: readies.reduce((a, r) => a + r.failed, 0),
      inLottery: readies.reduce((a, r) => a + r.lottery, 0),
      drawnEntrants: lottery.order?.length ?? 0,
      admitPerMinute: o.admitPerMinute,
      seconds: o.queueDuration,
      admitted: results.reduce((a, r) => a + r.admitted, 0),
      updates,
      updatesPerWaiterPerSec: round(updates / Math.max(1, connected) / o.queueDuration, 2),
      // Delay from the admission tick (Redis time, `asOf`) to the client: steady state, and the first
      // position each waiter got after the draw (which includes drawing 20,000 entrants).
      updateP50Ms: steady.percentile(50),
      updateP99Ms: steady.percentile(99),
      updateMaxMs: results.reduce((a, r) => Math.max(a, r.maxDelay), 0),
      firstPositionP99Ms: first.percentile(99),
      serverRssBeforeMb: round(rssBefore, 0),
      serverRssWaitingMb: round(rssWaiting, 0),
      serverRssMaxMb: round(maxRss, 0),
      kbPerWaitingSocket: round(((rssWaiting - rssBefore) * 1024) / Math.max(1, connected), 1),
      serverCpuPct: round(cpuPct, 0),
      loadAvg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      targets: {
        waiters: connected >= Math.min(QUEUE_TARGETS.waiters, cap),
        updateP99: (steady.percentile(99) ?? Number.POSITIVE_INFINITY) < QUEUE_TARGETS.updateP99Ms,
      },
    };
  } finally {
    for (const w of workers) w.kill();
    await svc?.stop();
    await db.destroy?.();
  }
}

export function printQueue(q) {
  console.log('\nWaiting room');
  console.log(
    `  waiting sockets      ${q.connected} of ${q.waiters} (join failures ${q.joinFailed}; ${q.inLottery} in the lottery, ${q.drawnEntrants} drawn)`,
  );
  console.log(
    `  server memory        ${q.serverRssBeforeMb} MB → ${q.serverRssWaitingMb} MB waiting = ${q.kbPerWaitingSocket} KB per waiting socket (max ${q.serverRssMaxMb} MB)`,
  );
  console.log(
    `  update delay         p50 ${q.updateP50Ms} ms, p99 ${q.updateP99Ms} ms, max ${q.updateMaxMs} ms (target p99 < ${QUEUE_TARGETS.updateP99Ms} ms)`,
  );
  console.log(`  first position       p99 ${q.firstPositionP99Ms} ms after the draw's tick`);
  console.log(
    `  updates              ${q.updates} (${q.updatesPerWaiterPerSec}/waiter/s), admitted ${q.admitted} at ${q.admitPerMinute}/min`,
  );
  console.log(`  server CPU           ${q.serverCpuPct} % of one core; load average ${q.loadAvg}`);
}
