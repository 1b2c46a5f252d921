import type { Knex } from 'knex';

/**
 * Station and train names in Bangla script beside the English ones. They live in the catalog (not in the
 * app's message files) because operators add stations and trains; null = no Bangla name yet (the app
 * then shows the English name).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stations', (t) => {
    t.text('name_bn');
  });
  await knex.schema.alterTable('trains', (t) => {
    t.text('name_bn');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stations', (t) => {
    t.dropColumn('name_bn');
  });
  await knex.schema.alterTable('trains', (t) => {
    t.dropColumn('name_bn');
  });
}
