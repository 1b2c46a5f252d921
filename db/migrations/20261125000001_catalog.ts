import type { Knex } from 'knex';

/** Stations, trains with their stop pattern and coaches, seats, fares, and dated trips. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stations', (t) => {
    t.string('code', 8).primary();
    t.string('name', 80).notNullable();
  });

  await knex.schema.createTable('trains', (t) => {
    t.increments('id').primary();
    t.string('number', 16).notNullable().unique();
    t.string('name', 80).notNullable();
  });

  // The train's timetable: minutes after the origin departure, and km from the origin (for fares).
  await knex.schema.createTable('train_stops', (t) => {
    t.integer('train_id').notNullable().references('trains.id').onDelete('CASCADE');
    t.integer('idx').notNullable();
    t.string('station_code', 8).notNullable().references('stations.code');
    t.integer('arrive_min');
    t.integer('depart_min');
    t.integer('km').notNullable();
    t.primary(['train_id', 'idx']);
    t.unique(['train_id', 'station_code']);
  });

  await knex.schema.createTable('coaches', (t) => {
    t.integer('train_id').notNullable().references('trains.id').onDelete('CASCADE');
    t.string('code', 8).notNullable();
    t.integer('position').notNullable();
    t.string('class', 24).notNullable();
    t.integer('rows').notNullable();
    t.integer('cols').notNullable();
    t.specificType('aisle_after', 'integer[]').notNullable().defaultTo('{}');
    t.primary(['train_id', 'code']);
  });

  await knex.schema.createTable('seats', (t) => {
    t.integer('train_id').notNullable();
    t.string('coach_code', 8).notNullable();
    t.string('id', 24).notNullable();
    t.string('label', 16).notNullable();
    t.integer('row').notNullable();
    t.integer('col').notNullable();
    t.string('position', 8).notNullable();
    t.string('berth', 8);
    t.string('facing', 8).notNullable().defaultTo('forward');
    t.primary(['train_id', 'id']);
    t.foreign(['train_id', 'coach_code'])
      .references(['train_id', 'code'])
      .inTable('coaches')
      .onDelete('CASCADE');
  });

  // Fare of a journey in a class = base + per_km × km, in minor units (paisa).
  await knex.schema.createTable('fares', (t) => {
    t.string('class', 24).primary();
    t.integer('base_minor').notNullable();
    t.integer('per_km_minor').notNullable();
    t.string('currency', 3).notNullable().defaultTo('BDT');
  });

  await knex.schema.createTable('trips', (t) => {
    t.string('id', 64).primary();
    t.integer('train_id').notNullable().references('trains.id');
    t.date('date').notNullable();
    t.timestamp('departs_at', { useTz: true }).notNullable();
    t.unique(['train_id', 'date']);
    t.index(['date']);
  });

  await knex.schema.createTable('trip_stops', (t) => {
    t.string('trip_id', 64).notNullable().references('trips.id').onDelete('CASCADE');
    t.integer('idx').notNullable();
    t.string('station_code', 8).notNullable().references('stations.code');
    t.timestamp('arrives_at', { useTz: true });
    t.timestamp('departs_at', { useTz: true });
    t.integer('km').notNullable();
    t.primary(['trip_id', 'idx']);
    t.unique(['trip_id', 'station_code']);
    t.index(['station_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'trip_stops',
    'trips',
    'fares',
    'seats',
    'coaches',
    'train_stops',
    'trains',
    'stations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
