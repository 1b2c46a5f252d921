import type { Knex } from 'knex';

/**
 * Staff and station kiosks (issue 13): operators invite staff (a one-time invitation sets the password)
 * and register kiosks, each a `kiosk` account bound to a station that signs in with a device token.
 * Only SHA-256 digests of invitation and device tokens are stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invitations', (t) => {
    t.string('token_hash', 64).primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.uuid('invited_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
  });
  await knex.schema.createTable('kiosk_devices', (t) => {
    t.increments('id').primary();
    t.uuid('user_id').notNullable().unique().references('users.id').onDelete('CASCADE');
    t.string('station_code', 8).notNullable().references('stations.code');
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('kiosk_devices');
  await knex.schema.dropTableIfExists('invitations');
}
