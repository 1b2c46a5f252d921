/** `npm run db:setup`: migrate and seed the database at DATABASE_URL. Safe to run again. */
import knex from 'knex';
import { knexConfig } from './knexfile';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set (e.g. postgres://user:pass@127.0.0.1:5432/fastpass)');
    process.exit(2);
  }
  const db = knex(knexConfig(url));
  try {
    const [, applied] = await db.migrate.latest();
    await db.seed.run();
    const trips = await db('trips').count<{ count: string }[]>();
    console.log(`db:setup: ${applied.length} migration(s) applied, ${trips[0]?.count ?? 0} trips`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error('db:setup failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
