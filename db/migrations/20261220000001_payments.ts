import type { Knex } from 'knex';

/**
 * Payments and the cache outbox.
 * - Orders gain `pending` (payment in flight), `failed` (the payer failed or cancelled) and `expired`
 *   (the hold ended before the money was captured). A pending order's tickets are written inactive:
 *   only capture activates them, under the double-sale exclusion constraint.
 * - `payments`: one provider payment per order; `payment_events`: every webhook event id seen (replay
 *   protection); `refunds`: money sent back through the provider.
 * - `sandbox_payments`: the sandbox gateway's own books (a real gateway keeps these on its side).
 * - `cache_outbox`: each change of sold legs Postgres commits, written in the same transaction, until
 *   Redis has applied it (orders/cache-outbox.ts), so Redis always converges to Postgres.
 * Enum values added here are used from the next migration on (Postgres needs them committed first).
 */
export async function up(knex: Knex): Promise<void> {
  for (const v of ['pending', 'failed', 'expired'])
    await knex.raw(`ALTER TYPE order_status ADD VALUE IF NOT EXISTS '${v}'`);

  await knex.schema.alterTable('orders', (t) => {
    t.string('cap_key', 128);
    t.timestamp('pay_by', { useTz: true });
    t.timestamp('paid_at', { useTz: true });
    t.string('paid_by', 24);
    t.integer('refunded_minor').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('tickets', (t) => {
    t.timestamp('cancelled_at', { useTz: true });
    t.integer('refund_minor');
    t.timestamp('boarded_at', { useTz: true });
    t.string('boarded_gate', 64);
    t.uuid('boarded_by');
  });

  await knex.schema.createTable('payments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('provider', 24).notNullable();
    t.string('provider_ref', 128).notNullable();
    t.integer('amount_minor').notNullable();
    t.string('currency', 3).notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['provider', 'provider_ref']);
    t.index(['order_id']);
    t.index(['status', 'created_at']);
  });
  await knex.schema.createTable('payment_events', (t) => {
    t.string('event_id', 128).primary();
    t.string('provider_ref', 128).notNullable();
    t.string('type', 48).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('refunds', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('payment_id').notNullable().references('payments.id').onDelete('CASCADE');
    t.integer('amount_minor').notNullable();
    t.string('reason', 48).notNullable();
    t.string('provider_ref', 128);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('sandbox_payments', (t) => {
    t.string('id', 64).primary();
    t.string('reference', 64).notNullable();
    t.integer('amount_minor').notNullable();
    t.integer('refunded_minor').notNullable().defaultTo(0);
    t.string('currency', 3).notNullable();
    t.string('description', 200).notNullable();
    t.string('status', 16).notNullable();
    t.string('outcome', 8);
    t.timestamp('settle_at', { useTz: true });
    t.string('return_url', 500).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('cache_outbox', (t) => {
    t.bigIncrements('id');
    t.string('trip_id', 64).notNullable();
    t.string('kind', 8).notNullable();
    t.uuid('order_id');
    t.string('hold_id', 64);
    t.string('cap_key', 128).notNullable();
    t.integer('mask').notNullable();
    t.specificType('seat_ids', 'text[]').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('claimed_until', { useTz: true });
    t.timestamp('done_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX cache_outbox_pending ON cache_outbox (trip_id, id) WHERE done_at IS NULL');
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.string('channel', 8).notNullable();
    t.string('recipient', 200).notNullable();
    t.string('subject', 200).notNullable();
    t.text('body').notNullable();
    t.uuid('order_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const t of [
    'notifications',
    'cache_outbox',
    'sandbox_payments',
    'refunds',
    'payment_events',
    'payments',
  ])
    await knex.schema.dropTableIfExists(t);
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumns('cancelled_at', 'refund_minor', 'boarded_at', 'boarded_gate', 'boarded_by');
  });
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumns('cap_key', 'pay_by', 'paid_at', 'paid_by', 'refunded_minor');
  });
  // Enum values cannot be dropped; orders using them are retired.
  await knex('orders').whereIn('status', ['pending', 'failed', 'expired']).update({ status: 'cancelled' });
}
