// The Eid-rush benchmark: FastPass and its baselines under the same load, one after another, on one
// machine. Called by scripts/bench.mjs (which installs, builds and provisions Postgres + Redis).
// cli.mjs parses the options, processes.mjs starts servers and workers, scenarios.mjs measures,
// report.mjs prints and writes the results.
import path from 'node:path';
import { freePort, startService, waitFor } from '../../scripts/lib/proc.mjs';
import {
  MAX_SEATS,
  guestTokens,
  here,
  log,
  measureServicesIn,
  profileArgs,
  serverEntry,
  startServer,
} from './processes.mjs';
import { enableStatementStats, resetStatementStats, topStatements } from './pg-stats.mjs';
import { finish } from './report.mjs';
import { runClosed, runFanout, runIdle, runPurchase, runRush, verify } from './scenarios.mjs';
import { RUSH_TRAIN, createRushTrip, openDb, rushStations } from './seed.mjs';
import { round, sleep } from './stats.mjs';

export { DEFAULTS, parseArgs } from './cli.mjs';
export { TARGETS, summary } from './report.mjs';

export async function runBench(opts, stack) {
  if (opts.scenario === 'scaleout') {
    const { runScaleoutBench, printScaleout } = await import('./scaleout.mjs');
    const scaleout = await runScaleoutBench(opts, stack);
    printScaleout(scaleout);
    return { profile: 'scaleout', scaleout };
  }
  if (opts.scenario === 'queue') {
    const { runQueueBench, printQueue } = await import('./queue.mjs');
    const queue = await runQueueBench(opts, stack);
    printQueue(queue);
    return { profile: 'queue', queue };
  }
  const startedAt = new Date();
  measureServicesIn(stack.serviceDirs);
  const db = openDb(stack.databaseUrl);
  const want = (s) => !opts.only || opts.only.has(s);
  const out = {
    profile: opts.profile,
    startedAt: startedAt.toISOString(),
    options: { ...opts, only: opts.only && [...opts.only] },
    // Which build of the booking server ran (another one with BENCH_SERVER_ENTRY: bench/README.md).
    serverEntry: serverEntry(),
  };
  const servers = [];
  /** The ack-only server, alive beside FastPass for the paired rows. */
  const paired = [];
  const cleanup = async () => {
    for (const s of [...servers.splice(0), ...paired.splice(0)]) await s.svc.stop();
  };
  process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));
  try {
    const stations = await rushStations(db);
    log(`seeding rush trips (${RUSH_TRAIN.coaches.length} coaches, 1000 seats, ${stations.length} stops)…`);
    const trips = {};
    for (const k of [
      'warmup',
      'fastpass',
      'closed',
      'idle',
      'fanout',
      'purchase',
      'unbatched',
      'database',
      'seed',
    ])
      trips[k] = await createRushTrip(db, k);
    // Every round of a paired row on a trip of its own: a rush sells its trip out.
    for (let i = 2; i <= opts.rounds; i++)
      for (const k of ['fastpass', 'closed']) trips[`${k}-${i}`] = await createRushTrip(db, `${k}-${i}`);
    const tripOfRound = (k, i) => (i === 1 ? trips[k] : trips[`${k}-${i}`]);

    // FastPass as shipped: tokens for everyone, then the paired rows, idle, fan-out and purchase.
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
    // Each ratio's two sides run back to back (closed loop then the bare server, rush then ceiling),
    // seconds apart rather than minutes: on a shared machine the ceiling alone moved 15–30 % between
    // runs minutes apart (docs/performance.md). The ack-only server idles alongside FastPass until then.
    // The closed-loop pair goes first, so both servers' hold paths are compiled by the time the rush and
    // the ceiling are measured (the rush lasts seconds; a cold start weighed on it, not on the ceiling).
    const bare = want('ceiling') || want('closed') ? await startCeiling(paired, opts) : null;
    const bareTrip = {
      stops: stations.map((station) => ({ station })),
      coaches: RUSH_TRAIN.coaches.map(([code, , rows, cols]) => ({
        seats: Array.from({ length: rows * cols }, (_, i) => ({ id: `${code}-${i + 1}` })),
      })),
    };
    if (want('closed') || want('rush')) {
      // Unreported: a first round ran up to a third slower than the next (a cold hold path, JIT).
      log('warming up both servers (closed loop, 3 s each, not reported)…');
      const warm = { tokens: tokens.slice(0, opts.closedClients), procs: opts.procs, durationS: 3 };
      await runClosed({ ...server, ...warm, tripId: trips.warmup, stores: { redisUrl: stack.redisUrl, db } });
      if (bare) await runClosed({ ...bare, ...warm, tripId: 'ceiling', trip: bareTrip });
    }
    // With --rounds N each pair runs N times, alternately (FastPass, baseline, FastPass, …): the ratio is
    // the median of the N paired ratios, and the rows shown are the median round's.
    out.rounds = {};
    const pgStats = opts.pgStats && want('rush') && (await enableStatementStats(db));
    if (want('closed')) {
      out.rounds.closed = [];
      for (let i = 1; i <= opts.rounds; i++) {
        log(
          `closed loop${roundOf(i, opts)}: ${opts.closedClients} clients hold → release for ${opts.closedDuration} s, one request in flight each…`,
        );
        const fastpass = await runClosed({
          ...server,
          tripId: tripOfRound('closed', i),
          tokens: tokens.slice(0, opts.closedClients),
          procs: opts.procs,
          durationS: opts.closedDuration,
          stores: { redisUrl: stack.redisUrl, db },
        });
        log(
          `closed loop against the ack-only server${roundOf(i, opts)}: the same ${opts.closedClients} clients…`,
        );
        const baseline = await runClosed({
          ...bare,
          tripId: 'ceiling',
          tokens: tokens.slice(0, opts.closedClients),
          procs: opts.procs,
          durationS: opts.closedDuration,
          trip: bareTrip,
        });
        out.rounds.closed.push({
          fastpass,
          baseline,
          ratio: ratioOf(fastpass.requestsPerSec, baseline.requestsPerSec),
        });
      }
      const m = medianRound(out.rounds.closed);
      out.closed = m.fastpass;
      out.closedBare = m.baseline;
    }
    if (want('rush') || want('ceiling')) out.rounds.rush = [];
    for (let i = 1; i <= opts.rounds && (want('rush') || want('ceiling')); i++) {
      let fastpass = null;
      let baseline = null;
      if (want('rush')) {
        log(
          `rush${roundOf(i, opts)}: ${opts.clients} clients in ${opts.procs} processes, until sold out (cap ${opts.duration} s)…`,
        );
        if (pgStats) await resetStatementStats(db);
        fastpass = await runRush({
          ...server,
          tripId: tripOfRound('fastpass', i),
          tokens: clientTokens,
          procs: opts.procs,
          durationS: opts.duration,
        });
        if (pgStats) fastpass.pgStatements = await topStatements(db);
        fastpass.verify = await verify(db, server.url, tripOfRound('fastpass', i));
        fastpass.oversold = fastpass.verify.oversold;
        fastpass.mode = server.mode;
      }
      if (want('ceiling')) {
        log(
          `ceiling${roundOf(i, opts)}: the same ${opts.clients} clients against an ack-only Socket.IO server for ${opts.ceilingDuration} s…`,
        );
        const c = await runRush({
          ...bare,
          tripId: 'ceiling',
          tokens: clientTokens,
          procs: opts.procs,
          durationS: opts.ceilingDuration,
          ceiling: true,
          trip: bareTrip,
        });
        baseline = { ...c, acksPerSec: c.holdsPerSec };
      }
      out.rounds.rush.push({
        fastpass,
        baseline,
        ratio: ratioOf(fastpass?.holdsPerSec, baseline?.acksPerSec),
      });
    }
    if (out.rounds.rush) {
      const m = medianRound(out.rounds.rush);
      if (m.fastpass) {
        // Every round's trip is checked: one seat sold twice in any round is a failure.
        out.rush = { ...m.fastpass, oversold: sumOf(out.rounds.rush.map((r) => r.fastpass.oversold)) };
      }
      if (m.baseline) out.ceiling = m.baseline;
    }
    for (const s of paired.splice(0)) await s.svc.stop();
    if (want('idle')) {
      log(`idle sockets: ${opts.idleSockets} watchers connect, watch one trip and sit…`);
      out.idle = await runIdle({
        ...server,
        tripId: trips.idle,
        tokens,
        sockets: opts.idleSockets,
        procs: opts.watchProcs,
      });
    }
    if (want('fanout')) {
      // More than one instance: the watchers are dealt round them, the driver holds through the first,
      // and the Redis adapter carries each update to the others (a realtime tier scaled out).
      const extra = [];
      for (let i = 2; i <= opts.fanoutInstances; i++) {
        log(`starting booking instance ${i} for the fan-out…`);
        extra.push(await startServer(stack, 'auto', opts, `fanout-${i}`));
      }
      log(
        `fan-out: ${opts.watchers} watchers in ${opts.watchProcs} processes on ${opts.fanoutInstances} instance(s), ${opts.fanoutRate} holds/s for ${opts.fanoutDuration} s…`,
      );
      try {
        out.fanout = await runFanout({
          ...server,
          others: extra,
          tripId: trips.fanout,
          tokens,
          watchers: opts.watchers,
          watchProcs: opts.watchProcs,
          rate: opts.fanoutRate,
          durationS: opts.fanoutDuration,
        });
      } finally {
        for (const s of extra) await s.svc.stop();
      }
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

  finish(out, opts);
  return out;
}

const roundOf = (i, opts) => (opts.rounds > 1 ? ` (round ${i} of ${opts.rounds})` : '');
const ratioOf = (a, b) => (a && b ? a / b : null);
const sumOf = (xs) => xs.reduce((a, b) => a + (b ?? 0), 0);

/** The round whose paired ratio is the median (the lower middle one of an even count). */
function medianRound(rounds) {
  const known = rounds.filter((r) => r.ratio !== null).sort((a, b) => a.ratio - b.ratio);
  return known.length ? known[Math.floor((known.length - 1) / 2)] : rounds[0];
}

/** The ack-only Socket.IO server (ceiling-server.mjs): the transport's ceiling on this machine. */
async function startCeiling(servers, opts) {
  const port = await freePort();
  const args = [...profileArgs(opts, 'ceiling'), path.join(here, 'ceiling-server.mjs'), String(port)];
  const svc = startService('ceiling', 'node', args, { quiet: true });
  servers.push({ svc });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('ceiling server', async () => (await fetch(`${url}/healthz`)).ok);
  return { url, pid: svc.child.pid };
}

export async function sleepMs(ms) {
  await sleep(ms);
}
