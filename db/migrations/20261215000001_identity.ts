import type { Knex } from 'knex';

/**
 * Identity and token revocation.
 * - `users.phone` / `phone_verified_at`: the phone an account proved it holds (E.164); `users.identity`
 *   (20261201000001_sales) is then `ph:<sha256 of it>`.
 * - `users.tokens_valid_after`: operator actions refuse tokens issued before it. A trigger moves it when a
 *   role changes, so demoting an operator revokes every token they hold without anyone remembering to.
 * - `phone_codes`: one pending one-time code per (phone, account), stored as an HMAC, never in clear.
 * - `sandbox_sms`: the sandbox SMS provider's outbox, readable by developers (every instance shares it).
 * - `auth_secrets`: a development server's generated token secret, shared by every instance on the database
 *   (production always configures AUTH_SECRET).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('phone', 16);
    t.timestamp('phone_verified_at', { useTz: true });
    t.timestamp('tokens_valid_after', { useTz: true });
  });
  await knex.raw(`
    CREATE FUNCTION users_revoke_on_role_change() RETURNS trigger AS $$
    BEGIN
      IF NEW.role IS DISTINCT FROM OLD.role THEN NEW.tokens_valid_after := now(); END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
  `);
  await knex.raw(`
    CREATE TRIGGER users_revoke_on_role_change BEFORE UPDATE OF role ON users
    FOR EACH ROW EXECUTE FUNCTION users_revoke_on_role_change()
  `);

  await knex.schema.createTable('phone_codes', (t) => {
    t.string('phone', 16).notNullable();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('code_hash', 64).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['phone', 'user_id']);
    t.index(['expires_at']);
  });

  await knex.schema.createTable('sandbox_sms', (t) => {
    t.bigIncrements('id');
    t.string('phone', 16).notNullable();
    t.text('body').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['phone', 'sent_at']);
  });

  await knex.schema.createTable('auth_secrets', (t) => {
    t.string('name', 32).primary();
    t.text('secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('auth_secrets');
  await knex.schema.dropTableIfExists('sandbox_sms');
  await knex.schema.dropTableIfExists('phone_codes');
  await knex.raw('DROP TRIGGER IF EXISTS users_revoke_on_role_change ON users');
  await knex.raw('DROP FUNCTION IF EXISTS users_revoke_on_role_change()');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('tokens_valid_after');
    t.dropColumn('phone_verified_at');
    t.dropColumn('phone');
  });
}
