// What a bench run reports: the tables on stdout, the targets met or missed, the results files
// (bench/results/) and the one-line JSON summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { log, root } from './processes.mjs';
import { round } from './stats.mjs';

export const TARGETS = {
  // Issue 12: rush ≥ 0.6× the ceiling (stretch 0.75×), closed loop ≥ 0.5× the bare server (stretch 0.75×).
  vsCeiling: 0.6,
  closedVsBare: 0.5,
  vsDatabase: 8,
  vsSeedRedlock: 3,
  fanoutP99Ms: 250,
  fanoutWatchers: 5000,
  fanoutHoldsPerSec: 500,
  idleSockets: 10_000,
  idleRssMb: 1024,
};

const cpuList = (x) => (x?.loadCpuPct ? x.loadCpuPct.map((v) => fmt(v, '%')).join(' + ') : '—');

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
    cpuList(x),
    fmt(x?.postgresCpuPct, '%'),
    fmt(x?.redisCpuPct, '%'),
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
      'load processes CPU',
      'Postgres CPU',
      'Redis CPU',
    ],
    rushRow('FastPass (Redis + Lua)', r.rush),
    rushRow('ceiling: ack-only Socket.IO', r.ceiling, { oversold: 'n/a' }),
    rushRow('database mode (HOLD_STORE=postgres)', r.database),
    rushRow('seed method (Redlock per seat)', r.seedRedlock),
  ]);
  /** µs of one core per request, from a CPU share (% of one core) and a rate. */
  const cpuPerRequestUs = (pct, perSec) =>
    typeof pct === 'number' && perSec > 0 ? Math.round((pct / 100 / perSec) * 1e6) : undefined;
  const closedRow = (name, x) => [
    name,
    fmt(x?.clients),
    fmt(x?.requestsPerSec),
    fmt(x?.hold?.p50Ms),
    fmt(x?.hold?.p99Ms),
    fmt(x?.release?.p99Ms),
    fmt(x?.taken),
    fmt(x?.timeouts),
    x?.server ? `${fmt(x.server.cpuPct, '%')} / ${fmt(x.server.rssMb, ' MB')}` : '—',
    x?.server ? fmt(x.server.machineBusyPct, '%') : '—',
    cpuList(x),
    fmt(x?.postgresCpuPct, '%'),
    fmt(x?.redisCpuPct, '%'),
    x?.stores?.redisCallsPerRequest === undefined
      ? '—'
      : `${fmt(x.stores.redisCallsPerRequest)} / ${fmt(x.stores.pgXactsPerRequest)} / ${fmt(x.stores.pgRowWritesPerRequest)}`,
    // CPU per request: a ratio that a busier or quieter machine moves far less than requests/s.
    `${fmt(cpuPerRequestUs(x?.server?.cpuPct, x?.requestsPerSec))} / ${fmt(cpuPerRequestUs(x?.redisCpuPct, x?.requestsPerSec))}`,
  ];
  const closed = table([
    [
      'closed loop: hold → release (same clients)',
      'clients',
      'requests/s',
      'hold p50 ms',
      'hold p99 ms',
      'release p99 ms',
      'taken',
      'timeouts',
      'server CPU / RSS',
      'machine busy',
      'load processes CPU',
      'Postgres CPU',
      'Redis CPU',
      'per request: Redis calls / pg xacts / pg row writes',
      'CPU µs per request: server / Redis',
    ],
    closedRow('FastPass', r.closed),
    closedRow('bare Socket.IO (ack only)', r.closedBare),
  ]);
  const i = r.idle;
  const idle = table([
    [
      'idle sockets (trip:watch, then nothing)',
      'sockets',
      'RSS before',
      'RSS with them',
      'KB per socket (marginal)',
    ],
    [
      'one server process',
      fmt(i?.sockets),
      fmt(i?.rssBeforeMb, ' MB'),
      fmt(i?.rssAfterMb, ' MB'),
      fmt(i?.kbPerSocket),
    ],
  ]);
  const f = r.fanout;
  const fan = table([
    [
      'fan-out',
      'watchers',
      'holds/s',
      'p50 ms',
      'p99 ms',
      'msgs/watcher/s',
      'missing',
      'server lag p99 ms',
      'server CPU / RSS',
      'watcher + driver processes CPU',
    ],
    [
      f?.instances > 1 ? `hold ack → every watcher (${f.instances} instances)` : 'hold ack → every watcher',
      fmt(f?.watchers),
      fmt(f?.holdsPerSec),
      fmt(f?.p50Ms),
      fmt(f?.p99Ms),
      fmt(f?.msgsPerWatcherPerSec),
      fmt(f?.missing),
      typeof f?.serverLagP99Ms === 'number' ? `≤ ${f.serverLagP99Ms}` : fmt(f?.serverLagP99Ms),
      f?.server ? `${fmt(f.server.cpuPct, '%')} / ${fmt(f.server.rssMb, ' MB')}` : '—',
      cpuList(f),
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
  return {
    rush,
    closed,
    idle,
    fan,
    buy,
    targets,
    rounds: roundsTable(r),
    statements: statementsTable(r.rush),
  };
}

/** `--pg-stats`: the statements that cost Postgres most in the (median) rush round. */
function statementsTable(rush) {
  if (!rush?.pgStatements?.length) return null;
  const perHold = (ms) => (rush.answered ? round((ms * 1000) / rush.answered, 1) : '—');
  return table([
    [
      'Postgres statements in the rush (--pg-stats)',
      'calls',
      'exec ms',
      'plan ms',
      'rows',
      'µs per answered hold',
    ],
    ...rush.pgStatements.map((s) => [
      s.query.slice(0, 90),
      s.calls,
      s.execMs,
      s.planMs,
      s.rows,
      perHold(s.execMs + s.planMs),
    ]),
  ]);
}

/** Each paired round (--rounds): FastPass, its baseline and their ratio, in the order they ran. */
function roundsTable(r) {
  const rows = [];
  for (const [key, name, fast, base] of [
    ['rush', 'rush vs ceiling (holds/s)', 'holdsPerSec', 'acksPerSec'],
    ['closed', 'closed loop vs bare (requests/s)', 'requestsPerSec', 'requestsPerSec'],
  ]) {
    const list = r.rounds?.[key] ?? [];
    list.forEach((x, i) =>
      rows.push([
        name,
        i + 1,
        fmt(x.fastpass?.[fast]),
        fmt(x.baseline?.[base]),
        fmt(x.ratio && round(x.ratio, 2), '×'),
      ]),
    );
  }
  // One round per pair says nothing the rows above do not.
  if (!Object.values(r.rounds ?? {}).some((list) => list.length > 1)) return null;
  return table([
    ['paired rounds (the median ratio is reported)', 'round', 'FastPass', 'baseline', 'ratio'],
    ...rows,
  ]);
}

function evaluate(r) {
  const t = (name, wanted, measured, ok) => ({ name, wanted, measured, met: measured === null ? null : ok });
  return [
    t(
      'holds vs transport ceiling',
      `≥ ${TARGETS.vsCeiling}× (stretch 0.75×)`,
      r.ratios.vsCeiling,
      r.ratios.vsCeiling >= TARGETS.vsCeiling,
    ),
    t(
      'closed loop vs bare Socket.IO',
      `≥ ${TARGETS.closedVsBare}× (stretch 0.75×)`,
      r.ratios.closedVsBare,
      r.ratios.closedVsBare >= TARGETS.closedVsBare,
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
      `fan-out p99 at ${r.fanout?.watchers ?? '?'} watchers, ${r.fanout?.holdsPerSec ?? '?'} holds/s`,
      `< ${TARGETS.fanoutP99Ms} ms (at ≥ ${TARGETS.fanoutWatchers}, ≥ ${TARGETS.fanoutHoldsPerSec}/s)`,
      r.fanout?.p99Ms ?? null,
      (r.fanout?.p99Ms ?? Number.POSITIVE_INFINITY) < TARGETS.fanoutP99Ms &&
        (r.fanout?.watchers ?? 0) >= TARGETS.fanoutWatchers &&
        (r.fanout?.holdsPerSec ?? 0) >= TARGETS.fanoutHoldsPerSec,
    ),
    t(
      `RSS with ${r.idle?.sockets ?? '?'} idle sockets`,
      `< ${TARGETS.idleRssMb} MB (at ≥ ${TARGETS.idleSockets})`,
      r.idle?.rssAfterMb ?? null,
      (r.idle?.rssAfterMb ?? Number.POSITIVE_INFINITY) < TARGETS.idleRssMb &&
        (r.idle?.sockets ?? 0) >= TARGETS.idleSockets,
    ),
    t('oversold seats (Postgres)', '0', r.rush?.oversold ?? null, r.rush?.oversold === 0),
  ];
}

/** Ratios and targets of a finished run; prints the tables and writes bench/results/. */
export function finish(out, opts) {
  const ratio = (a, b) => (a && b ? round(a / b, 2) : null);
  out.ratios = {
    vsCeiling: ratio(out.rush?.holdsPerSec, out.ceiling?.acksPerSec),
    closedVsBare: ratio(out.closed?.requestsPerSec, out.closedBare?.requestsPerSec),
    vsDatabase: ratio(out.rush?.holdsPerSec, out.database?.holdsPerSec),
    vsSeedRedlock: ratio(out.rush?.holdsPerSec, out.seedRedlock?.holdsPerSec),
  };
  out.targets = evaluate(out);
  out.finishedAt = new Date().toISOString();

  const tables = report(out);
  const text = [
    `FastPass bench (${opts.profile}) — ${out.finishedAt} — server ${out.serverEntry}`,
    '',
    tables.rush,
    '',
    tables.closed,
    '',
    tables.idle,
    '',
    tables.fan,
    '',
    tables.buy,
    '',
    ...(tables.rounds ? [tables.rounds, ''] : []),
    ...(tables.statements ? [tables.statements, ''] : []),
    `ratios: vs ceiling ${fmt(out.ratios.vsCeiling, '×')}, closed loop vs bare ${fmt(out.ratios.closedVsBare, '×')}, vs database ${fmt(out.ratios.vsDatabase, '×')}, vs seed-redlock ${fmt(out.ratios.vsSeedRedlock, '×')}`,
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
      loadCpuPct: out.rush?.loadCpuPct ?? null,
      postgresCpuPct: out.rush?.postgresCpuPct ?? null,
      storeMismatches: out.rush?.verify?.storeMismatches ?? null,
    },
    ceiling: pick(out.ceiling, ['clients', 'acksPerSec', 'p50Ms', 'p99Ms']),
    closed: out.closed
      ? {
          ...pick(out.closed, [
            'clients',
            'requestsPerSec',
            'taken',
            'timeouts',
            'postgresCpuPct',
            'loadCpuPct',
          ]),
          holdP99Ms: out.closed.hold?.p99Ms ?? null,
          serverCpuPct: out.closed.server?.cpuPct ?? null,
        }
      : null,
    closedBare: out.closedBare
      ? {
          ...pick(out.closedBare, ['clients', 'requestsPerSec', 'loadCpuPct']),
          holdP99Ms: out.closedBare.hold?.p99Ms ?? null,
          serverCpuPct: out.closedBare.server?.cpuPct ?? null,
        }
      : null,
    idle: pick(out.idle, ['sockets', 'rssBeforeMb', 'rssAfterMb', 'kbPerSocket']),
    database: pick(out.database, ['holdsPerSec', 'p50Ms', 'p99Ms', 'oversold', 'mode']),
    seedRedlock: pick(out.seedRedlock, ['holdsPerSec', 'p50Ms', 'p99Ms', 'oversold', 'timeouts']),
    fanout: {
      ...pick(out.fanout, [
        'instances',
        'watchers',
        'holdsPerSec',
        'p50Ms',
        'p99Ms',
        'msgsPerWatcherPerSec',
        'missing',
      ]),
      serverCpuPct: out.fanout?.server?.cpuPct ?? null,
      serverRssMb: out.fanout?.server?.rssMb ?? null,
      loadCpuPct: out.fanout?.loadCpuPct ?? null,
    },
    purchase: {
      ...pick(out.purchase, ['clients', 'ordersPerSec', 'p50Ms', 'p99Ms', 'batchSpeedup']),
      unbatched: pick(out.purchase?.unbatched, ['ordersPerSec', 'p50Ms', 'p99Ms']),
    },
    ratios: out.ratios,
    rounds: Object.fromEntries(
      Object.entries(out.rounds ?? {}).map(([k, list]) => [k, list.map((x) => x.ratio && round(x.ratio, 3))]),
    ),
    targets: Object.fromEntries(out.targets.map((t) => [t.name, t.met])),
  };
}
