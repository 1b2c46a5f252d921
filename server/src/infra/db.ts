import knex, { type Knex } from 'knex';

export type Db = Knex;

export function createDb(url: string): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 3000, statement_timeout: 10_000 },
    pool: { min: 0, max: 20, acquireTimeoutMillis: 5000 },
  });
}

/** The pg client knex hands out: only its query call is used here. */
interface PgConnection {
  query(q: { name: string; text: string; values: readonly unknown[] }): Promise<unknown>;
}

/** Each prepared statement's text with `$n` parameters, by name; and the `?` text it came from. */
const positional = new Map<string, { from: string; text: string }>();

function positionalText(name: string, sql: string): string {
  const known = positional.get(name);
  if (known?.from === sql) return known.text;
  if (known) throw new Error(`prepared statement ${name} was given two texts`);
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  positional.set(name, { from: sql, text });
  return text;
}

/**
 * A statement Postgres plans once per connection and then only executes: every purchase runs a few
 * (docs/performance.md), and planning them anew cost Postgres more than executing them. The name must
 * stand for one text only, and the text must name its result columns (no `*`): a column added by a
 * later migration would otherwise change a cached plan's result type, which Postgres refuses. Behind
 * PgBouncer in transaction mode this needs PgBouncer ≥ 1.21 with `max_prepared_statements` set.
 *
 * Outside a transaction the statement goes to a pooled connection directly: the text is turned to
 * `$n` parameters once per name, where knex would compile it on every call (its query path cost the
 * server more than pg's own in a rush's purchases). So `?` may appear in the text only as a
 * parameter. Errors are pg's own, with the same SQLSTATE codes.
 */
export async function prepared<T>(
  db: Knex | Knex.Transaction,
  name: string,
  sql: string,
  bindings: readonly Knex.RawBinding[],
): Promise<T> {
  if (db.isTransaction) return db.raw<T>(sql, bindings).options({ name }) as unknown as Promise<T>;
  const text = positionalText(name, sql);
  const conn = (await db.client.acquireConnection()) as PgConnection;
  try {
    return (await conn.query({ name, text, values: bindings })) as T;
  } finally {
    db.client.releaseConnection(conn);
  }
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
