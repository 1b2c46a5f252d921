import type { Knex } from 'knex';

/**
 * Two more roles beside `passenger` and `operator`: `staff` (ticket checkers at the gate, counter clerks)
 * and `kiosk` (station devices). Roles are checked in Postgres on every privileged call, never trusted from
 * a token, so adding values here is all a role needs to exist.
 */
/** Outside a transaction, so later migrations can use the new values (see 20261219000001). */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TYPE user_role ADD VALUE IF NOT EXISTS 'staff'`);
  await knex.raw(`ALTER TYPE user_role ADD VALUE IF NOT EXISTS 'kiosk'`);
}

/** Postgres cannot drop enum values; demote the accounts instead so a rollback leaves no unknown role. */
export async function down(knex: Knex): Promise<void> {
  await knex('users').whereIn('role', ['staff', 'kiosk']).update({ role: 'passenger' });
}
