import type { Knex } from 'knex';

/**
 * Waiting-room admissions, written through from Redis (which decides them) so that while Redis is
 * down (database mode) people already admitted keep booking until their admission lapses. The lottery
 * commitment is kept too, so an outage after publishing it cannot make it unverifiable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('queue_admissions', (t) => {
    t.string('sale_id', 64).notNullable().references('sales.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('admitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['sale_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('queue_admissions');
}
