import path from 'node:path';
import type { Knex } from 'knex';

/** One knex configuration, used by `npm run db:setup` and by the server. */
export function knexConfig(databaseUrl: string): Knex.Config {
  return {
    client: 'pg',
    connection: databaseUrl,
    pool: { min: 0, max: 10 },
    migrations: {
      directory: path.join(__dirname, 'migrations'),
      loadExtensions: ['.ts'],
      tableName: 'knex_migrations',
    },
    seeds: { directory: path.join(__dirname, 'seeds'), loadExtensions: ['.ts'] },
  };
}

export default knexConfig(process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/fastpass');
