// The measured scenarios: rush (also run against the ack-only ceiling server and the database and
// seed-redlock baselines), fan-out and purchase. runBench (main.mjs) decides which run, on which server.
import {
  MAX_SEATS,
  bucketPercentile,
  histogramMs,
  holdDecisionMs,
  latency,
  sampleLoad,
  sampleProcess,
  split,
  startWorker,
} from './processes.mjs';
import { checkTrip, soldMasks } from './seed.mjs';
import { sampleStores } from './store-stats.mjs';
import { Histogram, addCounts, round, sum } from './stats.mjs';

/** C clients hold random free seats over random journeys (and buy some) until sold out or the cap. */
export async function runRush({ url, pid, tripId, tokens, procs, durationS, ceiling = false, trip }) {
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
    const sampleOthers = sampleLoad(workers);
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
    const others = sampleOthers();
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
      ...others,
    };
  } finally {
    for (const w of workers) w.kill();
  }
}

/**
 * The closed loop (issue 12): C clients, each hold a random seat → release it when won → again, one
 * request in flight each, for a fixed time. Requests/s counts holds and releases answered.
 */
export async function runClosed({ url, pid, tripId, tokens, procs, durationS, trip, stores }) {
  const workers = split(tokens, procs).map((ts) =>
    startWorker({ role: 'closed', url, tripId, tokens: ts, trip }),
  );
  try {
    const readies = await Promise.all(workers.map((w) => w.ready));
    const decided0 = trip ? null : await holdDecisionMs(url);
    const sample = sampleProcess(pid);
    const sampleOthers = sampleLoad(workers);
    const storeCost = stores ? await sampleStores(stores) : null;
    const until = Date.now() + durationS * 1000;
    for (const w of workers) w.send({ cmd: 'go', until });
    const results = await Promise.all(workers.map((w) => w.done));
    const server = sample();
    const others = sampleOthers();
    const storesUsed = storeCost ? await storeCost(sum(results, 'requests')) : null;
    const decided1 = trip ? null : await holdDecisionMs(url);
    const merge = (key) => results.map((r) => Histogram.fromSparse(r[key])).reduce((a, b) => a.merge(b));
    const firstAt = Math.min(...results.map((r) => r.firstAt ?? until));
    const lastAt = Math.max(...results.map((r) => r.lastAt ?? until));
    const window = Math.max(0.001, (lastAt - firstAt) / 1000);
    const requests = sum(results, 'requests');
    return {
      clients: sum(readies, 'connected'),
      connectFailed: sum(readies, 'failed'),
      seconds: round(window, 2),
      requests,
      requestsPerSec: round(requests / window, 0),
      holds: sum(results, 'holds'),
      won: sum(results, 'won'),
      taken: sum(results, 'taken'),
      releases: sum(results, 'releases'),
      timeouts: sum(results, 'timeouts'),
      errors: results.reduce((acc, r) => addCounts(acc, r.errors), {}),
      hold: latency(merge('holdHist')),
      release: latency(merge('releaseHist')),
      decisionP50Ms: bucketPercentile(decided0, decided1, 50),
      decisionP99Ms: bucketPercentile(decided0, decided1, 99),
      server,
      ...others,
      stores: storesUsed,
    };
  } finally {
    for (const w of workers) w.kill();
  }
}

/**
 * Memory per idle socket: N watchers connect and `trip:watch` one trip, then sit. The server's RSS is read
 * with none, half and all of them: the second half's growth per socket is the marginal cost (a fixed
 * growth, such as the young generation expanding in the connection burst, falls in the first half).
 */
export async function runIdle({ url, pid, tripId, tokens, sockets, procs }) {
  const rssNow = () => sampleProcess(pid)().rssMb;
  const settle = () => new Promise((r) => setTimeout(r, 3000));
  const before = rssNow();
  const half = Math.floor(sockets / 2);
  const started = [];
  const connect = async (count) => {
    const per = split(
      Array.from({ length: count }, (_, i) => i),
      procs,
    ).map((p) => p.length);
    const ws = per.map((n) => startWorker({ role: 'watch', url, tripId, tokens, count: n }));
    started.push(...ws);
    return Promise.all(ws.map((w) => w.ready));
  };
  try {
    const first = await connect(half);
    await settle();
    const atHalf = rssNow();
    const second = await connect(sockets - half);
    await settle();
    const atAll = rssNow();
    const n1 = sum(first, 'connected');
    const n2 = sum(second, 'connected');
    return {
      sockets: n1 + n2,
      connectFailed: sum(first, 'failed') + sum(second, 'failed'),
      rssBeforeMb: before,
      rssAtHalfMb: atHalf,
      rssAfterMb: atAll,
      kbPerSocket: n2 > 0 ? round(((atAll - atHalf) * 1024) / n2, 1) : null,
    };
  } finally {
    // They never report a result: killed once measured.
    for (const w of started) {
      w.done.catch(() => undefined);
      w.kill();
    }
  }
}

/** Postgres is the truth: overlapping sold legs (must be 0) and whether the store agrees with it. */
export async function verify(db, url, tripId) {
  const pg = await checkTrip(db, tripId);
  const masks = await soldMasks(db, tripId);
  const seats = await (await fetch(`${url}/api/trips/${tripId}/seats`)).json();
  let mismatched = 0;
  for (const s of seats.seats) if ((masks.get(s.id) ?? 0) !== s.sold) mismatched++;
  return { oversold: pg.oversold, orders: pg.orders, tickets: pg.tickets, storeMismatches: mismatched };
}

export async function runFanout({
  url,
  pid,
  others = [],
  tripId,
  tokens,
  watchers,
  watchProcs,
  rate,
  durationS,
}) {
  const instances = [{ url, pid }, ...others];
  const per = split(
    Array.from({ length: watchers }, (_, i) => i),
    watchProcs,
  ).map((p) => p.length);
  const driveUsers = Math.ceil((rate * durationS) / MAX_SEATS) + 1;
  const driverTokens = tokens.slice(0, driveUsers);
  const watcherTokens = tokens.slice(driveUsers);
  const ws = per.map((count, i) =>
    startWorker({
      role: 'watch',
      url: instances[i % instances.length].url,
      tripId,
      tokens: watcherTokens,
      count,
    }),
  );
  const driver = startWorker({ role: 'drive', url, tripId, tokens: driverTokens, rate, maxSeats: MAX_SEATS });
  try {
    const readies = await Promise.all(ws.map((w) => w.ready));
    await driver.ready;
    const until = Date.now() + durationS * 1000;
    const samples = instances.map((s) => sampleProcess(s.pid));
    const sampleOthers = sampleLoad([...ws, driver]);
    const lag0 = await Promise.all(
      instances.map((s) => histogramMs(s.url, 'fastpass_broadcast_lag_seconds')),
    );
    for (const w of [...ws, driver]) w.send({ cmd: 'go', until });
    const d = await driver.done;
    const servers = samples.map((sample) => sample());
    const others = sampleOthers();
    const lag1 = await Promise.all(
      instances.map((s) => histogramMs(s.url, 'fastpass_broadcast_lag_seconds')),
    );
    for (const w of ws) w.send({ cmd: 'finish', acks: d.acks });
    const results = await Promise.all(ws.map((w) => w.done));
    const hist = results.map((r) => Histogram.fromSparse(r.hist)).reduce((a, b) => a.merge(b));
    const connected = sum(results, 'watchers');
    const seconds = Math.max(...results.map((r) => r.seconds));
    const lags = instances.map((_, i) => bucketPercentile(lag0[i], lag1[i], 99));
    return {
      instances: instances.length,
      watchers: connected,
      connectFailed: sum(readies, 'failed'),
      holdsPerSec: round(Object.keys(d.acks).length / d.seconds, 1),
      holdErrors: d.errors,
      holdAck: latency(Histogram.fromSparse(d.hist)),
      deliveries: hist.n,
      // Over the watchers whose arrivals are recorded (one in ten, see worker.mjs).
      sampledWatchers: sum(results, 'sampled'),
      missing: sum(results, 'missing'),
      disconnects: sum(results, 'disconnects'),
      ...latency(hist),
      msgsPerWatcherPerSec: round(sum(results, 'messages') / Math.max(1, connected) / seconds, 1),
      // The servers' own share: from a trip's first change to its seat:update leaving (window + flush);
      // with several instances, the slowest.
      serverLagP99Ms: lags.every((l) => typeof l === 'number')
        ? Math.max(...lags)
        : (lags.find((l) => l !== null) ?? null),
      // Several instances: CPU and RSS are their sums (CPU in % of one core), machine busy is the machine's.
      server:
        servers.length === 1
          ? servers[0]
          : {
              cpuPct: servers.reduce((a, s) => a + (s.cpuPct ?? 0), 0),
              rssMb: servers.reduce((a, s) => a + (s.rssMb ?? 0), 0),
              machineBusyPct: servers[0].machineBusyPct,
              perInstanceCpuPct: servers.map((s) => s.cpuPct),
            },
      // The watchers' processes first, the driver last.
      ...others,
    };
  } finally {
    for (const w of [...ws, driver]) w.kill();
  }
}

export async function runPurchase({ url, tripId, tokens, durationS }) {
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
