import type { Knex } from 'knex';

/*
 * The hold mirror's `hold_seats` rows, written for every hold Redis decides, were the costlier half of
 * its Postgres work in a rush (the GiST exclusion, ≈ 50 µs a row; docs/performance.md), yet only
 * database mode reads them. In cache mode the mirror now writes the `holds` row alone, unseated; the
 * first database-mode call on the trip seats them under the trip lock (holds.table.ts, `seatHolds`).
 *
 * - `holds.seated`: whether the hold's `hold_seats` rows exist. Every hold written before this change
 *   and every database-mode hold is seated.
 * - `holds.decided_v`: the trip version Redis gave the decision, the order of cache-mode decisions
 *   (two holds of a seat within one millisecond still have an order).
 * - `trip_versions.unseated`: the trip has unseated holds, so a database-mode call must seat them first;
 *   read with the trip lock it takes anyway, so a trip without any costs nothing more.
 *
 * Every column has a constant default: adding them is a catalogue change, not a table rewrite. All
 * instances must run this version before one of them enters database mode: an older instance does not
 * seat holds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE holds ADD COLUMN seated boolean NOT NULL DEFAULT true');
  await knex.raw('ALTER TABLE holds ADD COLUMN decided_v bigint NOT NULL DEFAULT 0');
  await knex.raw('ALTER TABLE trip_versions ADD COLUMN unseated boolean NOT NULL DEFAULT false');
}

/** Dropping `seated` forgets which live holds have no `hold_seats` rows: only with none unseated. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE trip_versions DROP COLUMN unseated');
  await knex.raw('ALTER TABLE holds DROP COLUMN decided_v');
  await knex.raw('ALTER TABLE holds DROP COLUMN seated');
}
