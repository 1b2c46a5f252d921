import type { Knex } from 'knex';

/**
 * Sales (contract v1.1): a set of trips that open together. The state a passenger sees is derived:
 * `upcoming` before `opens_at`, `open` inside the window, `closed` after `closes_at`; an operator's
 * `paused` or `closed` overrides the clock. Every trip belongs to exactly one sale.
 *
 * `users.identity` is the key seat allowances are counted by: a verified phone's `ph:<sha256>` shared
 * by every account that verified that phone, null for an unverified account (counted by its own id).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sales', (t) => {
    t.string('id', 64).primary();
    t.string('name', 120).notNullable();
    t.timestamp('opens_at', { useTz: true });
    t.timestamp('closes_at', { useTz: true });
    t.enu('status', ['scheduled', 'paused', 'closed'], { useNative: true, enumName: 'sale_status' })
      .notNullable()
      .defaultTo('scheduled');
    t.boolean('queue').notNullable().defaultTo(false);
    t.boolean('verified_only').notNullable().defaultTo(false);
    // Waiting room: people let in per minute (changeable while the sale runs), and how long an admission lasts.
    t.integer('admit_per_minute').notNullable().defaultTo(600);
    t.integer('admission_minutes').notNullable().defaultTo(15);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('opens_at IS NULL OR closes_at IS NULL OR opens_at < closes_at', [], 'sales_window_order');
    t.check('admit_per_minute > 0', [], 'sales_admit_positive');
    t.check('admission_minutes > 0', [], 'sales_admission_positive');
    t.index(['updated_at']);
  });
  // Every trip is in the regular sale (always open, no queue: v1 behaviour) until an operator moves it.
  await knex('sales').insert({ id: 'regular', name: 'Regular sale' });
  await knex.schema.alterTable('trips', (t) => {
    t.string('sale_id', 64).notNullable().defaultTo('regular').references('sales.id');
    t.index(['sale_id']);
  });
  await knex.schema.alterTable('users', (t) => {
    t.string('identity', 80);
    t.index(['identity']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => t.dropColumn('identity'));
  await knex.schema.alterTable('trips', (t) => t.dropColumn('sale_id'));
  await knex.schema.dropTableIfExists('sales');
  await knex.raw('DROP TYPE IF EXISTS sale_status');
}
