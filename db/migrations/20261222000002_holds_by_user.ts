import type { Knex } from 'knex';

/** `GET /api/holds` lists one user's live holds on every trip: index them by user (the existing index leads by trip). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX IF NOT EXISTS holds_live_by_user ON holds (user_id) WHERE status = 'active'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS holds_live_by_user');
}
