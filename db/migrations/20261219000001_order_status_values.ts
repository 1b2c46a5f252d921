import type { Knex } from 'knex';

/**
 * The order statuses of payments (`pending`, `failed`, `expired`; see 20261220000001_payments). Postgres lets
 * a value added with ALTER TYPE … ADD VALUE be used only after its transaction commits, so this runs outside
 * a transaction: on a database created before payments, the later migrations (their indexes on
 * `status = 'pending'`) then run in transactions of their own and can use it.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  for (const v of ['pending', 'failed', 'expired']) {
    await knex.raw(`ALTER TYPE order_status ADD VALUE IF NOT EXISTS '${v}'`);
  }
}

/** Postgres cannot drop enum values; 20261220000001_payments' down() turns such orders back into v1 ones. */
export async function down(): Promise<void> {}
