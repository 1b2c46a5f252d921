import knex, { type Knex } from 'knex';

export type Db = Knex;

export function createDb(url: string): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 3000, statement_timeout: 10_000 },
    pool: { min: 0, max: 20, acquireTimeoutMillis: 5000 },
  });
}

/** Postgres SQLSTATEs we turn into contract answers. */
export const PgCode = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
} as const;

export function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}
