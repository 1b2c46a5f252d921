import type { Knex } from 'knex';

/**
 * Accessible seating: a seat may be a wheelchair space, a priority seat (elderly, pregnant, disabled), or a
 * companion seat beside one of those. Stored per seat of a train's layout, shown on the map as `Seat.access`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.specificType('access', 'text[]').notNullable().defaultTo('{}');
  });
  await knex.raw(
    `ALTER TABLE seats ADD CONSTRAINT seats_access_known CHECK (access <@ ARRAY['wheelchair','priority','companion']::text[])`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.dropColumn('access');
  });
}
