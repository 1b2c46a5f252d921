// The Eid-rush benchmark: FastPass and its baselines under the same load, one after another, on one
// machine. Called by scripts/bench.mjs (which installs, builds and provisions Postgres + Redis).
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startService, waitFor } from '../../scripts/lib/proc.mjs';
import { ephemeralSecret, noAddressLimits } from '../../scripts/lib/secret.mjs';
import { RUSH_TRAIN, checkTrip, createRushTrip, openDb, rushStations, soldMasks } from './seed.mjs';
import { Histogram, addCounts, pool, round, sleep, sum } from './stats.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
/** Production mode requires a secret; every server of one run shares it (tokens cross instances). */
const BENCH_AUTH_SECRET = ephemeralSecret();
const root = path.resolve(here, '../..');
const WORKER = path.join(here, 'worker.mjs');

export const DEFAULTS = {
  full: {
    clients: 1000,
    watchers: 5000,
    duration: 30, // cap of each rush run (s); a rush ends earlier when the train is sold out
    ceilingDuration: 10,
    fanoutDuration: 15,
    fanoutRate: 40,
    purchaseClients: 100,
    purchaseDuration: 10,
    procs: 2,
    watchProcs: 3,
  },
  quick: {
    clients: 1000,
    watchers: 2000,
    duration: 8,
    ceilingDuration: 5,
    fanoutDuration: 6,
    fanoutRate: 40,
    purchaseClients: 50,
    purchaseDuration: 4,
    procs: 2,
    watchProcs: 2,
  },
};

export const TARGETS = {
  vsCeiling: 0.75,
  vsDatabase: 8,
  vsSeedRedlock: 3,
  fanoutP99Ms: 250,
};

const MAX_SEATS = 10;

export function parseArgs(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const profile = flags.has('--quick') ? 'quick' : 'full';
  const opts = { ...DEFAULTS[profile], profile, json: flags.has('--json'), cpuProf: flags.has('--cpu-prof') };
  const num = (name, key) => {
    const i = argv.indexOf(`--${name}`);
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    const v = eq ? eq.split('=')[1] : i >= 0 ? argv[i + 1] : undefined;
    if (v !== undefined) {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
      opts[key] = n;
    }
  };
  num('clients', 'clients');
  num('watchers', 'watchers');
  num('duration', 'duration');
  num('ceiling-duration', 'ceilingDuration');
  num('fanout-duration', 'fanoutDuration');
  num('fanout-rate', 'fanoutRate');
  num('purchase-clients', 'purchaseClients');
  num('purchase-duration', 'purchaseDuration');
  num('procs', 'procs');
  num('watch-procs', 'watchProcs');
  // --scenario queue: the waiting-room benchmark (bench/src/queue.mjs) instead of the rush scenarios.
  const scenario = argv.find((a) => a.startsWith('--scenario'));
  opts.scenario = scenario?.includes('=')
    ? scenario.split('=')[1]
    : scenario
      ? argv[argv.indexOf(scenario) + 1]
      : null;
  opts.queue = {};
  num('waiters', 'waiters');
  num('waiter-procs', 'waiterProcs');
  num('queue-duration', 'queueDuration');
  num('admit-per-minute', 'admitPerMinute');
  for (const k of ['waiters', 'waiterProcs', 'queueDuration', 'admitPerMinute'])
    if (k in opts) opts.queue[k] = opts[k];
  const only = argv.find((a) => a.startsWith('--only='));
  opts.only = only ? new Set(only.slice(7).split(',')) : null;
  return opts;
}

const log = (...a) => console.log('›', ...a);

// ————— processes —————

function startWorker(start) {
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
    else if (m.ev === 'result') settled.resolve(m.result);
    else if (m.ev === 'error') settled.reject(new Error(`load generator failed: ${m.message}`));
    for (const l of listeners) l(m);
  });
  child.on('exit', (code) => {
    if (code !== 0) settled.reject(new Error(`load generator exited with ${code}`));
    readyResolve({ connected: 0, failed: 0 });
  });
  child.send({ cmd: 'start', ...start });
  return {
    child,
    ready,
    done,
    send: (m) => child.connected && child.send(m),
    on: (fn) => listeners.add(fn),
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
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
async function holdDecisionMs(url) {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const buckets = [...text.matchAll(/^fastpass_hold_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)].map((m) => ({
      le: m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]) * 1000,
      n: Number(m[2]),
    }));
    return buckets;
  } catch {
    return null;
  }
}

/** Upper bucket bound of percentile p between two /metrics readings. */
function bucketPercentile(before, after, p) {
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
function sampleProcess(pid) {
  const ticks = () => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch {
      return null;
    }
  };
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

function logDir() {
  const dir = path.join(root, 'bench/results/logs');
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function startServer(stack, holdStore, opts, label, env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = [];
  if (opts.cpuProf) {
    const dir = path.join(root, 'bench/results/profiles');
    mkdirSync(dir, { recursive: true });
    nodeArgs.push(
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-name=server-${label}-${Date.now()}.cpuprofile`,
    );
  }
  const svc = startService(`server:${label}`, 'node', [...nodeArgs, 'server/dist/index.js'], {
    env: {
      PORT: String(port),
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      HOLD_STORE: holdStore,
      RATE_LIMIT_PER_SEC: '0',
      // Thousands of simulated passengers from one address, each watching as fast as it can.
      ...noAddressLimits,
      MAX_SOCKETS_PER_USER: '0',
      WATCH_LIMIT_PER_SEC: '0',
      AUTH_SECRET: BENCH_AUTH_SECRET,
      LOG_LEVEL: 'warn',
      MAX_SEATS_PER_USER: String(MAX_SEATS),
      NODE_ENV: 'production',
      ...env,
    },
    logFile: path.join(logDir(), `server-${label}.log`),
  });
  await waitFor(`booking server (${label})`, async () => (await fetch(`${url}/readyz`)).ok, 60_000);
  const ready = await (await fetch(`${url}/readyz`)).json();
  return { url, svc, pid: svc.child.pid, mode: ready.mode };
}

async function guestTokens(url, n) {
  return pool(Array.from({ length: n }), 32, async () => {
    const res = await fetch(`${url}/api/auth/guest`, { method: 'POST' });
    if (res.status !== 201) throw new Error(`POST /api/auth/guest → ${res.status}`);
    return (await res.json()).token;
  });
}

function split(list, parts) {
  const out = Array.from({ length: parts }, () => []);
  list.forEach((x, i) => out[i % parts].push(x));
  return out.filter((p) => p.length > 0);
}

function latency(hist) {
  return { p50Ms: hist.percentile(50), p95Ms: hist.percentile(95), p99Ms: hist.percentile(99) };
}

// ————— scenarios —————

/** C clients hold random free seats over random journeys (and buy some) until sold out or the cap. */
async function runRush({ url, pid, tripId, tokens, procs, durationS, ceiling = false, trip }) {
  const workers = split(tokens, procs).map((ts) =>
    startWorker({
      role: 'rush',
      url,
      tripId,
      tokens: ts,
      ceiling,
      trip,
      pBuy: 0.15,
      pairShare: 0.2,
      maxSeats: MAX_SEATS,
    }),
  );
  try {
    const readies = await Promise.all(workers.map((w) => w.ready));
    const connected = sum(readies, 'connected');
    const decided0 = ceiling ? null : await holdDecisionMs(url);
    const goAt = Date.now();
    const until = goAt + durationS * 1000;
    const sample = pid ? sampleProcess(pid) : null;
    const soldOut = new Set();
    for (const w of workers) {
      w.on((m) => {
        if (m.ev === 'soldout') {
          soldOut.add(w);
          if (soldOut.size === workers.length) for (const x of workers) x.send({ cmd: 'stop' });
        }
      });
      w.send({ cmd: 'go', until });
    }
    const results = await Promise.all(workers.map((w) => w.done));
    const server = sample?.();
    const decided1 = ceiling ? null : await holdDecisionMs(url);
    const hist = results.map((r) => Histogram.fromSparse(r.hist)).reduce((a, b) => a.merge(b));
    const orderHist = results.map((r) => Histogram.fromSparse(r.orders.hist)).reduce((a, b) => a.merge(b));
    const firstAt = Math.min(...results.map((r) => r.firstAt ?? goAt));
    const soldOutAts = results.map((r) => r.soldOutAt);
    const soldOutAt = soldOutAts.every((x) => x !== null) ? Math.max(...soldOutAts) : null;
    const endAt = soldOutAt ?? Math.max(...results.map((r) => r.lastAt ?? goAt));
    const window = Math.max(0.001, (endAt - firstAt) / 1000);
    const answered = sum(results, 'answered');
    const attempted = sum(results, 'attempted');
    const ordersOk = sum(
      results.map((r) => r.orders),
      'ok',
    );
    return {
      clients: connected,
      connectFailed: sum(readies, 'failed'),
      seconds: round(window, 2),
      attempted,
      answered,
      holdsPerSec: round(answered / window, 0),
      attemptedPerSec: round(attempted / window, 0),
      ok: sum(results, 'ok'),
      conflicts: sum(results, 'conflicts'),
      limitExceeded: sum(results, 'limit'),
      releases: sum(results, 'releases'),
      timeouts: sum(results, 'timeouts'),
      errors: results.reduce((acc, r) => addCounts(acc, r.errors), {}),
      ...latency(hist),
      // Upper bounds of the server's own decision-time buckets (ms).
      decisionP50Ms: bucketPercentile(decided0, decided1, 50),
      decisionP99Ms: bucketPercentile(decided0, decided1, 99),
      soldOut: soldOutAt !== null,
      timeToSellOutS: soldOutAt === null ? null : round((soldOutAt - goAt) / 1000, 2),
      orders: {
        attempted: sum(
          results.map((r) => r.orders),
          'attempted',
        ),
        ok: ordersOk,
        perSec: round(ordersOk / window, 0),
        errors: results.reduce((acc, r) => addCounts(acc, r.orders.errors), {}),
        ...latency(orderHist),
      },
      server,
    };
  } finally {
    for (const w of workers) w.kill();
  }
}

/** Postgres is the truth: overlapping sold legs (must be 0) and whether the store agrees with it. */
async function verify(db, url, tripId) {
  const pg = await checkTrip(db, tripId);
  const masks = await soldMasks(db, tripId);
  const seats = await (await fetch(`${url}/api/trips/${tripId}/seats`)).json();
  let mismatched = 0;
  for (const s of seats.seats) if ((masks.get(s.id) ?? 0) !== s.sold) mismatched++;
  return { oversold: pg.oversold, orders: pg.orders, tickets: pg.tickets, storeMismatches: mismatched };
}

async function runFanout({ url, pid, tripId, tokens, watchers, watchProcs, rate, durationS }) {
  const per = split(
    Array.from({ length: watchers }, (_, i) => i),
    watchProcs,
  ).map((p) => p.length);
  const driveUsers = Math.ceil((rate * durationS) / MAX_SEATS) + 1;
  const driverTokens = tokens.slice(0, driveUsers);
  const watcherTokens = tokens.slice(driveUsers);
  const ws = per.map((count) => startWorker({ role: 'watch', url, tripId, tokens: watcherTokens, count }));
  const driver = startWorker({ role: 'drive', url, tripId, tokens: driverTokens, rate, maxSeats: MAX_SEATS });
  try {
    const readies = await Promise.all(ws.map((w) => w.ready));
    await driver.ready;
    const until = Date.now() + durationS * 1000;
    const sample = sampleProcess(pid);
    for (const w of [...ws, driver]) w.send({ cmd: 'go', until });
    const d = await driver.done;
    const server = sample();
    for (const w of ws) w.send({ cmd: 'finish', acks: d.acks });
    const results = await Promise.all(ws.map((w) => w.done));
    const hist = results.map((r) => Histogram.fromSparse(r.hist)).reduce((a, b) => a.merge(b));
    const connected = sum(results, 'watchers');
    const seconds = Math.max(...results.map((r) => r.seconds));
    return {
      watchers: connected,
      connectFailed: sum(readies, 'failed'),
      holdsPerSec: round(Object.keys(d.acks).length / d.seconds, 1),
      holdErrors: d.errors,
      holdAck: latency(Histogram.fromSparse(d.hist)),
      deliveries: hist.n,
      missing: sum(results, 'missing'),
      disconnects: sum(results, 'disconnects'),
      ...latency(hist),
      msgsPerWatcherPerSec: round(sum(results, 'messages') / Math.max(1, connected) / seconds, 1),
      server,
    };
  } finally {
    for (const w of [...ws, driver]) w.kill();
  }
}

async function runPurchase({ url, tripId, tokens, durationS }) {
  const w = startWorker({
    role: 'purchase',
    url,
    tripId,
    tokens,
    maxSeats: MAX_SEATS,
    offset: 0,
    stride: tokens.length,
  });
  try {
    await w.ready;
    w.send({ cmd: 'go', until: Date.now() + durationS * 1000 });
    const r = await w.done;
    return {
      clients: tokens.length,
      orders: r.ok,
      ordersPerSec: round(r.ok / r.seconds, 0),
      ...latency(Histogram.fromSparse(r.hist)),
      errors: r.errors,
    };
  } finally {
    w.kill();
  }
}

// ————— report —————

const fmt = (v, unit = '') => (v === null || v === undefined ? '—' : `${v}${unit}`);

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((x, c) => String(x).padEnd(widths[c])).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

function report(r) {
  const rushRow = (name, x, extra = {}) => [
    name,
    fmt(x?.holdsPerSec),
    fmt(x?.attemptedPerSec),
    fmt(x?.p50Ms),
    fmt(x?.p95Ms),
    fmt(x?.p99Ms),
    fmt(x?.conflicts),
    fmt(x?.timeouts),
    x?.soldOut ? fmt(x.timeToSellOutS, ' s') : x ? `no (${x.seconds} s)` : '—',
    fmt(extra.oversold ?? x?.verify?.oversold),
    fmt(x?.orders?.perSec),
    x?.decisionP50Ms
      ? [x.decisionP50Ms, x.decisionP99Ms].map((v) => (typeof v === 'number' ? `≤ ${v}` : v)).join(' / ')
      : '—',
    x?.server ? `${fmt(x.server.cpuPct, '%')} / ${fmt(x.server.rssMb, ' MB')}` : '—',
    x?.server ? fmt(x.server.machineBusyPct, '%') : '—',
  ];
  const rush = table([
    [
      'rush (same clients)',
      'holds/s answered',
      'attempted/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'conflicts',
      'timeouts',
      'sold out in',
      'oversold',
      'orders/s',
      'decided in ms p50 / p99',
      'server CPU / RSS',
      'machine busy',
    ],
    rushRow('FastPass (Redis + Lua)', r.rush),
    rushRow('ceiling: ack-only Socket.IO', r.ceiling, { oversold: 'n/a' }),
    rushRow('database mode (HOLD_STORE=postgres)', r.database),
    rushRow('seed method (HOLD_STORE=seed-redlock)', r.seedRedlock),
  ]);
  const f = r.fanout;
  const fan = table([
    ['fan-out', 'watchers', 'holds/s', 'p50 ms', 'p99 ms', 'msgs/watcher/s', 'missing', 'server CPU / RSS'],
    [
      'hold ack → every watcher',
      fmt(f?.watchers),
      fmt(f?.holdsPerSec),
      fmt(f?.p50Ms),
      fmt(f?.p99Ms),
      fmt(f?.msgsPerWatcherPerSec),
      fmt(f?.missing),
      f?.server ? `${fmt(f.server.cpuPct, '%')} / ${fmt(f.server.rssMb, ' MB')}` : '—',
    ],
  ]);
  const p = r.purchase;
  const buy = table([
    ['purchase (hold → POST /api/orders)', 'clients', 'orders/s', 'p50 ms', 'p99 ms', 'oversold'],
    ...[
      ['batched commits (default)', p],
      ['one commit per order (PURCHASE_BATCH_MAX=1)', p?.unbatched],
    ].map(([name, x]) => [
      name,
      fmt(x?.clients),
      fmt(x?.ordersPerSec),
      fmt(x?.p50Ms),
      fmt(x?.p99Ms),
      fmt(x?.verify?.oversold),
    ]),
  ]);
  const targets = table([
    ['target', 'wanted', 'measured', 'met'],
    ...r.targets.map((t) => [t.name, t.wanted, fmt(t.measured), t.met === null ? '—' : t.met ? 'yes' : 'NO']),
  ]);
  return { rush, fan, buy, targets };
}

function evaluate(r) {
  const t = (name, wanted, measured, ok) => ({ name, wanted, measured, met: measured === null ? null : ok });
  return [
    t(
      'holds vs transport ceiling',
      `≥ ${TARGETS.vsCeiling}×`,
      r.ratios.vsCeiling,
      r.ratios.vsCeiling >= TARGETS.vsCeiling,
    ),
    t(
      'holds vs database mode',
      `≥ ${TARGETS.vsDatabase}×`,
      r.ratios.vsDatabase,
      r.ratios.vsDatabase >= TARGETS.vsDatabase,
    ),
    t(
      'holds vs seed method',
      `≥ ${TARGETS.vsSeedRedlock}×`,
      r.ratios.vsSeedRedlock,
      r.ratios.vsSeedRedlock >= TARGETS.vsSeedRedlock,
    ),
    t(
      `fan-out p99 at ${r.fanout?.watchers ?? '?'} watchers`,
      `< ${TARGETS.fanoutP99Ms} ms (at 5000)`,
      r.fanout?.p99Ms ?? null,
      (r.fanout?.p99Ms ?? Number.POSITIVE_INFINITY) < TARGETS.fanoutP99Ms &&
        (r.fanout?.watchers ?? 0) >= 5000,
    ),
    t('oversold seats (Postgres)', '0', r.rush?.oversold ?? null, r.rush?.oversold === 0),
  ];
}

// ————— main —————

export async function runBench(opts, stack) {
  if (opts.scenario === 'queue') {
    const { runQueueBench, printQueue } = await import('./queue.mjs');
    const queue = await runQueueBench(opts, stack);
    printQueue(queue);
    return { profile: 'queue', queue };
  }
  const startedAt = new Date();
  const db = openDb(stack.databaseUrl);
  const want = (s) => !opts.only || opts.only.has(s);
  const out = {
    profile: opts.profile,
    startedAt: startedAt.toISOString(),
    options: { ...opts, only: opts.only && [...opts.only] },
  };
  const servers = [];
  const cleanup = async () => {
    for (const s of servers.splice(0)) await s.svc.stop();
  };
  process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));
  try {
    const stations = await rushStations(db);
    log(`seeding rush trips (${RUSH_TRAIN.coaches.length} coaches, 1000 seats, ${stations.length} stops)…`);
    const trips = {};
    for (const k of ['fastpass', 'fanout', 'purchase', 'unbatched', 'database', 'seed'])
      trips[k] = await createRushTrip(db, k);

    // FastPass as shipped: tokens for everyone, then rush, fan-out and purchase.
    log('starting FastPass (HOLD_STORE=auto)…');
    let server = await startServer(stack, 'auto', opts, 'fastpass');
    servers.push(server);
    const nTokens = Math.max(
      opts.clients,
      opts.purchaseClients,
      Math.ceil((opts.fanoutRate * opts.fanoutDuration) / MAX_SEATS) + 50,
    );
    log(`creating ${nTokens} guest users…`);
    const tokens = await guestTokens(server.url, nTokens);
    const clientTokens = tokens.slice(0, opts.clients);
    if (want('rush')) {
      log(
        `rush: ${opts.clients} clients in ${opts.procs} processes, until sold out (cap ${opts.duration} s)…`,
      );
      out.rush = await runRush({
        ...server,
        tripId: trips.fastpass,
        tokens: clientTokens,
        procs: opts.procs,
        durationS: opts.duration,
      });
      out.rush.verify = await verify(db, server.url, trips.fastpass);
      out.rush.oversold = out.rush.verify.oversold;
      out.rush.mode = server.mode;
    }
    if (want('fanout')) {
      log(
        `fan-out: ${opts.watchers} watchers in ${opts.watchProcs} processes, ${opts.fanoutRate} holds/s for ${opts.fanoutDuration} s…`,
      );
      out.fanout = await runFanout({
        ...server,
        tripId: trips.fanout,
        tokens,
        watchers: opts.watchers,
        watchProcs: opts.watchProcs,
        rate: opts.fanoutRate,
        durationS: opts.fanoutDuration,
      });
    }
    if (want('purchase')) {
      log(
        `purchase: ${opts.purchaseClients} clients hold → buy for ${opts.purchaseDuration} s (batched commits)…`,
      );
      out.purchase = await runPurchase({
        ...server,
        tripId: trips.purchase,
        tokens: tokens.slice(0, opts.purchaseClients),
        durationS: opts.purchaseDuration,
      });
      out.purchase.verify = await verify(db, server.url, trips.purchase);
      await cleanup();
      log('purchase again with PURCHASE_BATCH_MAX=1 (every order its own commit)…');
      server = await startServer(stack, 'auto', opts, 'unbatched', { PURCHASE_BATCH_MAX: '1' });
      servers.push(server);
      const unbatched = await runPurchase({
        ...server,
        tripId: trips.unbatched,
        tokens: tokens.slice(0, opts.purchaseClients),
        durationS: opts.purchaseDuration,
      });
      unbatched.verify = await verify(db, server.url, trips.unbatched);
      out.purchase.unbatched = unbatched;
      out.purchase.batchSpeedup =
        unbatched.ordersPerSec > 0 ? round(out.purchase.ordersPerSec / unbatched.ordersPerSec, 2) : null;
    }
    await cleanup();

    if (want('ceiling')) {
      log(
        `ceiling: the same ${opts.clients} clients against an ack-only Socket.IO server for ${opts.ceilingDuration} s…`,
      );
      const port = await freePort();
      const svc = startService('ceiling', 'node', [path.join(here, 'ceiling-server.mjs'), String(port)], {
        quiet: true,
      });
      servers.push({ svc });
      const url = `http://127.0.0.1:${port}`;
      await waitFor('ceiling server', async () => (await fetch(`${url}/healthz`)).ok);
      const trip = {
        stops: stations.map((station) => ({ station })),
        coaches: RUSH_TRAIN.coaches.map(([code, , rows, cols]) => ({
          seats: Array.from({ length: rows * cols }, (_, i) => ({ id: `${code}-${i + 1}` })),
        })),
      };
      const c = await runRush({
        url,
        pid: svc.child.pid,
        tripId: 'ceiling',
        tokens: clientTokens,
        procs: opts.procs,
        durationS: opts.ceilingDuration,
        ceiling: true,
        trip,
      });
      out.ceiling = { ...c, acksPerSec: c.holdsPerSec };
      await cleanup();
    }

    for (const [key, store, trip] of [
      ['database', 'postgres', trips.database],
      ['seedRedlock', 'seed-redlock', trips.seed],
    ]) {
      if (!want(key)) continue;
      log(`baseline ${key}: FastPass with HOLD_STORE=${store}, same rush (cap ${opts.duration} s)…`);
      server = await startServer(stack, store, opts, key);
      servers.push(server);
      if (store === 'postgres' && server.mode !== 'database')
        console.warn(
          `! HOLD_STORE=postgres but /readyz says mode=${server.mode}: the server ignores HOLD_STORE?`,
        );
      const r = await runRush({
        ...server,
        tripId: trip,
        tokens: clientTokens,
        procs: opts.procs,
        durationS: opts.duration,
      });
      r.verify = await verify(db, server.url, trip);
      r.oversold = r.verify.oversold;
      r.mode = server.mode;
      out[key] = r;
      await cleanup();
    }
  } finally {
    await cleanup();
    await db.destroy();
  }

  const ratio = (a, b) => (a && b ? round(a / b, 2) : null);
  out.ratios = {
    vsCeiling: ratio(out.rush?.holdsPerSec, out.ceiling?.acksPerSec),
    vsDatabase: ratio(out.rush?.holdsPerSec, out.database?.holdsPerSec),
    vsSeedRedlock: ratio(out.rush?.holdsPerSec, out.seedRedlock?.holdsPerSec),
  };
  out.targets = evaluate(out);
  out.finishedAt = new Date().toISOString();

  const tables = report(out);
  const text = [
    `FastPass bench (${opts.profile}) — ${out.finishedAt}`,
    '',
    tables.rush,
    '',
    tables.fan,
    '',
    tables.buy,
    '',
    `ratios: vs ceiling ${fmt(out.ratios.vsCeiling, '×')}, vs database ${fmt(out.ratios.vsDatabase, '×')}, vs seed-redlock ${fmt(out.ratios.vsSeedRedlock, '×')}`,
    '',
    tables.targets,
  ].join('\n');
  console.log(`\n${text}\n`);

  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const stamp = out.finishedAt.replace(/[:.]/g, '-');
  const md = `# FastPass bench (${opts.profile})\n\n${text.split('\n').slice(2).join('\n')}\n\n<details><summary>JSON</summary>\n\n\`\`\`json\n${JSON.stringify(summary(out), null, 2)}\n\`\`\`\n</details>\n`;
  for (const name of [`bench-${stamp}`, 'latest']) {
    writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
    writeFileSync(path.join(dir, `${name}.md`), md);
  }
  log(`results: bench/results/bench-${stamp}.{md,json} (and latest.*)`);
  return out;
}

/** The one-line JSON shape promised by the contract (plus a few more fields). */
export function summary(out) {
  if (out.queue) return { profile: out.profile, queue: out.queue };
  const pick = (x, keys) => (x ? Object.fromEntries(keys.map((k) => [k, x[k] ?? null])) : null);
  return {
    profile: out.profile,
    rush: {
      ...pick(out.rush, [
        'clients',
        'holdsPerSec',
        'attemptedPerSec',
        'p50Ms',
        'p95Ms',
        'p99Ms',
        'conflicts',
        'timeouts',
        'soldOut',
        'timeToSellOutS',
        'oversold',
      ]),
      ordersPerSec: out.rush?.orders?.perSec ?? null,
      storeMismatches: out.rush?.verify?.storeMismatches ?? null,
    },
    ceiling: pick(out.ceiling, ['clients', 'acksPerSec', 'p50Ms', 'p99Ms']),
    database: pick(out.database, ['holdsPerSec', 'p50Ms', 'p99Ms', 'oversold', 'mode']),
    seedRedlock: pick(out.seedRedlock, ['holdsPerSec', 'p50Ms', 'p99Ms', 'oversold', 'timeouts']),
    fanout: {
      ...pick(out.fanout, ['watchers', 'holdsPerSec', 'p50Ms', 'p99Ms', 'msgsPerWatcherPerSec', 'missing']),
      serverCpuPct: out.fanout?.server?.cpuPct ?? null,
      serverRssMb: out.fanout?.server?.rssMb ?? null,
    },
    purchase: {
      ...pick(out.purchase, ['clients', 'ordersPerSec', 'p50Ms', 'p99Ms', 'batchSpeedup']),
      unbatched: pick(out.purchase?.unbatched, ['ordersPerSec', 'p50Ms', 'p99Ms']),
    },
    ratios: out.ratios,
    targets: Object.fromEntries(out.targets.map((t) => [t.name, t.met])),
  };
}

export async function sleepMs(ms) {
  await sleep(ms);
}
