// `npm run bench -- --scenario scaleout`: the same rush through nginx (deploy/nginx as shipped) in front
// of 1, then 3 booking instances on one Redis and one Postgres. On a 2-core machine three instances
// cannot triple anything: they share the cores with Redis, Postgres, nginx and the load generators.
// The rows show what scaling out does here; docs/capacity.md says what it means for a real deployment.
import { freePort } from '../../scripts/lib/proc.mjs';
import { startNginx } from '../../scripts/lib/nginx.mjs';
import { guestTokens, log, startServer } from './processes.mjs';
import { runRush, verify } from './scenarios.mjs';
import { createRushTrip, openDb, rushStations } from './seed.mjs';
import { round } from './stats.mjs';

export const SCALEOUT_DEFAULTS = { clients: 600, duration: 20, procs: 2, instances: [1, 3] };

export async function runScaleoutBench(opts, stack) {
  const o = { ...SCALEOUT_DEFAULTS, ...pick(opts, ['clients', 'duration', 'procs']) };
  const db = openDb(stack.databaseUrl);
  const servers = [];
  const rows = [];
  try {
    await rushStations(db);
    for (const n of o.instances) {
      while (servers.length < n) {
        log(`starting booking instance ${servers.length + 1}…`);
        servers.push(await startServer(stack, 'auto', opts, `scale-${servers.length + 1}`));
      }
      const lb = await startNginx(
        await freePort(),
        servers.map((s) => Number(new URL(s.url).port)),
      );
      try {
        const tripId = await createRushTrip(db, `scale${n}`);
        const tokens = await guestTokens(lb.url, o.clients);
        log(`rush through nginx → ${n} instance(s): ${o.clients} clients, cap ${o.duration} s…`);
        const loadBefore = (await import('node:os')).loadavg()[0];
        const r = await runRush({
          url: lb.url,
          pid: servers[0].pid,
          tripId,
          tokens,
          procs: o.procs,
          durationS: o.duration,
        });
        const v = await verify(db, lb.url, tripId);
        rows.push({
          instances: n,
          clients: r.clients,
          holdsPerSec: r.holdsPerSec,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          timeouts: r.timeouts,
          soldOut: r.soldOut,
          seconds: r.seconds,
          oversold: v.oversold,
          firstInstanceCpu: r.server?.cpuPct ?? null,
          loadBefore: round(loadBefore, 1),
          loadAfter: round((await import('node:os')).loadavg()[0], 1),
        });
      } finally {
        await lb.stop();
      }
    }
  } finally {
    for (const s of servers) await s.svc.stop();
    await db.destroy();
  }
  const one = rows.find((r) => r.instances === 1);
  const three = rows.find((r) => r.instances === 3);
  return {
    rows,
    speedup: one && three && one.holdsPerSec ? round(three.holdsPerSec / one.holdsPerSec, 2) : null,
  };
}

function pick(obj, keys) {
  return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
}

export function printScaleout(s) {
  console.log(
    '\n| instances behind nginx | clients | holds/s answered | p50 ms | p99 ms | timeouts | sold out | oversold | instance 1 CPU | load avg before → after |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of s.rows)
    console.log(
      `| ${r.instances} | ${r.clients} | ${r.holdsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.timeouts} | ${r.soldOut ? `yes (${r.seconds} s)` : 'no'} | ${r.oversold} | ${r.firstInstanceCpu ?? '—'}% | ${r.loadBefore} → ${r.loadAfter} |`,
    );
  console.log(`\n3 instances vs 1: ${s.speedup}×`);
}
