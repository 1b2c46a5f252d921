// `--pg-stats`: what each SQL statement cost Postgres during each rush round, from pg_stat_statements
// (the bench's embedded Postgres preloads it with that flag; a DATABASE_URL of your own needs
// `shared_preload_libraries=pg_stat_statements`). Planning time is counted apart: a statement planned
// anew on every call can cost Postgres more than running it (docs/performance.md, session 12).
import { round } from './stats.mjs';

/** Creates the extension; false (with a warning) when the server does not preload it. */
export async function enableStatementStats(db) {
  try {
    await db.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return true;
  } catch (err) {
    console.warn(`! --pg-stats: ${err.message} (Postgres must preload pg_stat_statements)`);
    return false;
  }
}

export async function resetStatementStats(db) {
  await db.raw('SELECT pg_stat_statements_reset()');
}

/** The `n` statements that cost Postgres most since the last reset, planning and execution. */
export async function topStatements(db, n = 12) {
  const { rows } = await db.raw(
    `SELECT calls, total_exec_time AS exec_ms, total_plan_time AS plan_ms, rows,
            regexp_replace(query, '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     ORDER BY total_exec_time + total_plan_time DESC
     LIMIT ?`,
    [n],
  );
  return rows.map((r) => ({
    calls: Number(r.calls),
    execMs: round(Number(r.exec_ms), 1),
    planMs: round(Number(r.plan_ms), 1),
    rows: Number(r.rows),
    query: r.query.slice(0, 300),
  }));
}
