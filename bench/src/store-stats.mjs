// What a scenario cost the stores: Redis commands (INFO commandstats) and Postgres transactions and row
// writes (pg_stat_database) between two readings, so a row can say "n Redis calls and m Postgres writes
// per request" and name the store that limits it.
import net from 'node:net';

/** INFO commandstats over a bare RESP connection (no client library needed). */
function redisCommandStats(redisUrl) {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    let data = '';
    const done = (v) => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(2000, () => done(null));
    socket.on('error', () => done(null));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      const m = /^\$(\d+)\r\n/.exec(data);
      if (!m || Buffer.byteLength(data) < m[0].length + Number(m[1])) return;
      const calls = {};
      for (const line of data.split('\r\n')) {
        const c = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
        if (c) calls[c[1]] = { calls: Number(c[2]), usec: Number(c[3]) };
      }
      done(calls);
    });
    socket.write('*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n');
  });
}

async function pgStats(db) {
  try {
    const { rows } = await db.raw(
      `SELECT xact_commit + xact_rollback AS xacts, tup_inserted AS inserted, tup_updated AS updated,
              tup_deleted AS deleted
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
  } catch {
    return null;
  }
}

/** Starts a reading; the returned function gives the deltas since (per `per` requests when given). */
export async function sampleStores({ redisUrl, db }) {
  const r0 = redisUrl ? await redisCommandStats(redisUrl) : null;
  const p0 = db ? await pgStats(db) : null;
  return async (per) => {
    // pg_stat_database is updated by backends when they go idle: give them a moment to report.
    await new Promise((r) => setTimeout(r, 600));
    const r1 = redisUrl ? await redisCommandStats(redisUrl) : null;
    const p1 = db ? await pgStats(db) : null;
    // Calls and time (µs) per command, scripts' inner commands included (their time is also in EVALSHA's).
    const redis = {};
    if (r0 && r1) {
      for (const [cmd, n] of Object.entries(r1)) {
        const calls = n.calls - (r0[cmd]?.calls ?? 0);
        if (calls > 0) redis[cmd] = { calls, usec: n.usec - (r0[cmd]?.usec ?? 0) };
      }
    }
    const postgres = p0 && p1 ? Object.fromEntries(Object.keys(p1).map((k) => [k, p1[k] - p0[k]])) : null;
    const redisCalls = Object.values(redis).reduce((a, b) => a + b.calls, 0);
    const ratio = (n) => (per > 0 ? Math.round((100 * n) / per) / 100 : null);
    return {
      redis,
      postgres,
      redisCallsPerRequest: r0 && r1 ? ratio(redisCalls) : null,
      pgXactsPerRequest: postgres ? ratio(postgres.xacts) : null,
      pgRowWritesPerRequest: postgres ? ratio(postgres.inserted + postgres.updated + postgres.deleted) : null,
    };
  };
}
