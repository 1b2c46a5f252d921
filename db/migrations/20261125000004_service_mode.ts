import type { Knex } from 'knex';

/**
 * The serving mode every booking-server instance follows ('cache' | 'database' | 'recovering'), and each
 * instance's heartbeat with the mode it is in. Postgres coordinates the switch because it is the one
 * dependency that is up whenever the switch matters (Redis is the one that failed).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('service_mode', (t) => {
    t.integer('id').primary();
    t.enu('mode', ['cache', 'database', 'recovering'], {
      useNative: true,
      enumName: 'service_mode_kind',
    }).notNullable();
    t.bigInteger('epoch').notNullable().defaultTo(0);
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('reason', 200);
    t.check('id = 1');
  });
  await knex('service_mode').insert({ id: 1, mode: 'cache', epoch: 0 });
  await knex.schema.createTable('service_instances', (t) => {
    t.string('id', 64).primary();
    t.string('mode', 16).notNullable();
    t.bigInteger('epoch').notNullable();
    t.timestamp('seen_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('service_instances');
  await knex.schema.dropTableIfExists('service_mode');
  await knex.raw('DROP TYPE IF EXISTS service_mode_kind');
}
