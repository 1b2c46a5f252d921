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
    for (const k of ['fastpass', 'closed', 'idle', 'fanout', 'purchase', 'unbatched', 'database', 'seed'])
      trips[k] = await createRushTrip(db, k);

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
    if (want('closed')) {
      log(
        `closed loop: ${opts.closedClients} clients hold → release for ${opts.closedDuration} s, one request in flight each…`,
      );
      out.closed = await runClosed({
        ...server,
        tripId: trips.closed,
        tokens: tokens.slice(0, opts.closedClients),
        procs: opts.procs,
        durationS: opts.closedDuration,
        stores: { redisUrl: stack.redisUrl, db },
      });
      log(`closed loop against the ack-only server: the same ${opts.closedClients} clients…`);
      out.closedBare = await runClosed({
        ...bare,
        tripId: 'ceiling',
        tokens: tokens.slice(0, opts.closedClients),
        procs: opts.procs,
        durationS: opts.closedDuration,
        trip: bareTrip,
      });
    }
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
    if (want('ceiling')) {
      log(
        `ceiling: the same ${opts.clients} clients against an ack-only Socket.IO server for ${opts.ceilingDuration} s…`,
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
      out.ceiling = { ...c, acksPerSec: c.holdsPerSec };
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
