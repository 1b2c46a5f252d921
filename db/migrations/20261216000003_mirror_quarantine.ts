import type { Knex } from 'knex';

/**
 * Hold-mirror writes Postgres refused for what they contain (not because the database was away): kept
 * here for an operator to read instead of blocking every later write. `op` is the buffered change as
 * JSON; `code` the SQLSTATE Postgres answered.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mirror_quarantine', (t) => {
    t.bigIncrements('id');
    t.string('hold_id', 200);
    t.jsonb('op').notNullable();
    t.string('code', 5);
    t.text('error').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('mirror_quarantine');
}
