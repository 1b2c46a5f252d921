import knex, { type Knex } from 'knex';

export type Db = Knex;

export function createDb(url: string): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 3000, statement_timeout: 10_000 },
    pool: { min: 0, max: 20, acquireTimeoutMillis: 5000 },
  });
}

/**
 * A statement Postgres plans once per connection and then only executes: every purchase runs a few
 * (docs/performance.md), and planning them anew cost Postgres more than executing them. The name must
 * stand for one text only, and the text must name its result columns (no `*`): a column added by a
 * later migration would otherwise change a cached plan's result type, which Postgres refuses. Behind
 * PgBouncer in transaction mode this needs PgBouncer ≥ 1.21 with `max_prepared_statements` set.
 */
export function prepared<T>(
  db: Knex | Knex.Transaction,
  name: string,
  sql: string,
  bindings: readonly Knex.RawBinding[],
): Promise<T> {
  return db.raw<T>(sql, bindings).options({ name }) as unknown as Promise<T>;
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
