import type { Knex } from 'knex';

/*
 * The two fences — `tickets_no_double_sale` and `hold_seats_no_double_hold` — refuse a row whose seat
 * is live on overlapping legs. They were GiST exclusions over (trip_id text, seat_id text, legs), and
 * btree_gist's penalty and search on two text columns made each insert cost Postgres ≈ 100–220 µs
 * (measured: the hold mirror's hold_seats inserts were Postgres's largest cost in a rush,
 * docs/performance.md). Each table now carries `seat_key`, 64 bits of the md5 of trip and seat, and the
 * exclusion leads with it: same seat ⇒ same key, so the constraint still compares trip_id and seat_id
 * exactly and refuses precisely what it refused before (a hash collision only makes two seats share
 * an index neighbourhood, never a conflict). Inserts cost ≈ 35–50 µs.
 *
 * Database mode reads live rows by trip and seat; the GiST index no longer leads with those, so
 * hold_seats gets a partial btree for them (tickets already has one on trip_id).
 *
 * Adding a stored generated column rewrites both tables under an exclusive lock: run it before a sale,
 * not during one.
 */
/** md5 rather than hashtextextended: a stored key must never change meaning, whatever the server version. */
const SEAT_KEY = `bigint GENERATED ALWAYS AS (('x' || left(md5(trip_id || '/' || seat_id), 16))::bit(64)::bigint) STORED`;

/** The two fenced tables and their exclusion constraints. */
const FENCES = [
  ['tickets', 'tickets_no_double_sale'],
  ['hold_seats', 'hold_seats_no_double_hold'],
] as const;

async function exclusion(knex: Knex, table: string, constraint: string, columns: string): Promise<void> {
  await knex.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
  await knex.raw(
    `ALTER TABLE ${table} ADD CONSTRAINT ${constraint} EXCLUDE USING gist (${columns}) WHERE (active)`,
  );
}

export async function up(knex: Knex): Promise<void> {
  for (const [table, constraint] of FENCES) {
    await knex.raw(`ALTER TABLE ${table} ADD COLUMN seat_key ${SEAT_KEY}`);
    await exclusion(knex, table, constraint, 'seat_key WITH =, legs WITH &&, trip_id WITH =, seat_id WITH =');
  }
  await knex.raw('CREATE INDEX hold_seats_live ON hold_seats (trip_id, seat_id) WHERE active');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS hold_seats_live');
  for (const [table, constraint] of FENCES) {
    await exclusion(knex, table, constraint, 'trip_id WITH =, seat_id WITH =, legs WITH &&');
    await knex.raw(`ALTER TABLE ${table} DROP COLUMN seat_key`);
  }
}
