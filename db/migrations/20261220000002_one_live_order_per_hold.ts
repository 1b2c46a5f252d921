import type { Knex } from 'knex';

/** At most one order per hold is being paid or confirmed: a second checkout of a hold finds the first. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE UNIQUE INDEX orders_one_pending_per_hold ON orders (hold_id) WHERE status = 'pending'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS orders_one_pending_per_hold');
}
