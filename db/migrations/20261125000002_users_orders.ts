import type { Knex } from 'knex';

/**
 * Users, orders and tickets. A ticket occupies legs [from_idx, to_idx) of one seat; the exclusion
 * constraint makes two live tickets of one seat on overlapping legs impossible: it is the final
 * fence against a double sale, whatever the cache in front of it believes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('email', 200).unique();
    t.string('password_hash', 200);
    t.string('name', 80).notNullable();
    t.enu('role', ['passenger', 'operator'], { useNative: true, enumName: 'user_role' })
      .notNullable()
      .defaultTo('passenger');
    t.boolean('guest').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('orders', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('pnr', 12).notNullable().unique();
    t.uuid('user_id').notNullable().references('users.id');
    t.string('trip_id', 64).notNullable().references('trips.id');
    t.integer('from_idx').notNullable();
    t.integer('to_idx').notNullable();
    t.enu('status', ['confirmed', 'cancelled'], { useNative: true, enumName: 'order_status' }).notNullable();
    t.integer('total_minor').notNullable();
    t.string('currency', 3).notNullable();
    t.string('idempotency_key', 128).notNullable();
    t.string('request_hash', 64).notNullable();
    t.string('hold_id', 64);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('cancelled_at', { useTz: true });
    t.unique(['user_id', 'idempotency_key']);
    t.index(['user_id', 'created_at']);
    t.check('?? < ??', ['from_idx', 'to_idx']);
  });

  await knex.schema.createTable('tickets', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('trip_id', 64).notNullable().references('trips.id');
    t.string('seat_id', 24).notNullable();
    t.uuid('user_id').notNullable().references('users.id');
    t.specificType('legs', 'int4range').notNullable();
    t.string('passenger_name', 80).notNullable();
    t.integer('fare_minor').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.index(['trip_id']);
    t.index(['order_id']);
  });
  await knex.raw(`
    ALTER TABLE tickets ADD CONSTRAINT tickets_no_double_sale
    EXCLUDE USING gist (trip_id WITH =, seat_id WITH =, legs WITH &&) WHERE (active)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tickets');
  await knex.schema.dropTableIfExists('orders');
  await knex.schema.dropTableIfExists('users');
  await knex.raw('DROP TYPE IF EXISTS order_status');
  await knex.raw('DROP TYPE IF EXISTS user_role');
}
