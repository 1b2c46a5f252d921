import type { Knex } from 'knex';

/**
 * Holds as rows, for the Postgres hold store (database mode while Redis is away) and for rebuilding the
 * Redis cache afterwards. A hold covers legs [lower(legs), upper(legs)) of each of its seats; one
 * `hold_seats` row per seat carries the exclusion constraint, so two live holds of one seat on
 * overlapping legs cannot both exist whatever the application does. Sold legs stay in `tickets`.
 * `trip_versions` is the per-trip mutex (SELECT … FOR UPDATE) and the source of monotonic versions.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');

  await knex.schema.createTable('trip_versions', (t) => {
    t.string('trip_id', 64).primary().references('trips.id').onDelete('CASCADE');
    t.bigInteger('version').notNullable();
  });

  await knex.schema.createTable('holds', (t) => {
    // `<tripId>~<random>`: longer than other ids because it embeds the trip id.
    t.string('id', 128).primary();
    t.string('trip_id', 64).notNullable().references('trips.id').onDelete('CASCADE');
    // Opaque like in the Redis store (no foreign key): the store never needs the user row.
    t.string('user_id', 64).notNullable();
    // In request order, as the hold was made and as it is reported back.
    t.specificType('seat_ids', 'text[]').notNullable();
    t.specificType('legs', 'int4range').notNullable();
    t.string('from_code', 8).notNullable();
    t.string('to_code', 8).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    // Set while a purchase runs: the hold cannot expire before max(expires_at, paying_until).
    t.timestamp('paying_until', { useTz: true });
    t.boolean('extended').notNullable().defaultTo(false);
    t.enu('status', ['active', 'expired', 'released', 'purchased'], {
      useNative: true,
      enumName: 'hold_status',
    })
      .notNullable()
      .defaultTo('active');
    t.timestamp('ended_at', { useTz: true });
  });
  // Every store call scans the trip's live holds (expiry, caps): keep that index small.
  await knex.raw(`CREATE INDEX holds_live ON holds (trip_id, user_id) WHERE status = 'active'`);

  await knex.schema.createTable('hold_seats', (t) => {
    t.string('hold_id', 128).notNullable().references('holds.id').onDelete('CASCADE');
    t.string('trip_id', 64).notNullable();
    t.string('seat_id', 24).notNullable();
    t.specificType('legs', 'int4range').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.primary(['hold_id', 'seat_id']);
  });
  await knex.raw(`
    ALTER TABLE hold_seats ADD CONSTRAINT hold_seats_no_double_hold
    EXCLUDE USING gist (trip_id WITH =, seat_id WITH =, legs WITH &&) WHERE (active)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('hold_seats');
  await knex.schema.dropTableIfExists('holds');
  await knex.schema.dropTableIfExists('trip_versions');
  await knex.raw('DROP TYPE IF EXISTS hold_status');
}
