import type { Knex } from 'knex';

/**
 * Business details kept by operators (issue 13).
 *
 * - Consists: a train's coaches and seats belong to a numbered snapshot (`consists`), and every trip
 *   points at the snapshot it runs with. Editing a train's coaches makes a new snapshot; trips already
 *   generated keep theirs unless an operator moves a chosen trip without sold tickets. Triggers fill
 *   `consist_id` from the train when a writer does not give one, so older writers (seeds, fixtures,
 *   the bench) keep inserting coaches, seats and trips by `train_id` alone.
 * - Coach types: reusable layouts (rows, columns, aisles, per-seat berth, facing and access).
 * - Schedules: which days a train runs, from which date to which; the generator makes trips from them.
 * - Per-train fares override the class fare.
 * - Trips can be cancelled (`trips.status`).
 * - The audit log of operator actions, and `catalog_version`, bumped by every edit so each instance
 *   knows to drop its cached catalog.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('consists', (t) => {
    t.increments('id').primary();
    t.integer('train_id').notNullable().references('trains.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['train_id']);
  });
  await knex.schema.alterTable('trains', (t) => {
    t.integer('consist_id').references('consists.id');
  });
  await knex.raw(`
    WITH made AS (INSERT INTO consists (train_id) SELECT id FROM trains ORDER BY id RETURNING id, train_id)
    UPDATE trains SET consist_id = made.id FROM made WHERE made.train_id = trains.id`);

  for (const table of ['coaches', 'seats', 'trips']) {
    await knex.schema.alterTable(table, (t) => {
      t.integer('consist_id');
    });
    await knex.raw(
      `UPDATE ${table} x SET consist_id = tr.consist_id FROM trains tr WHERE tr.id = x.train_id`,
    );
    await knex.raw(`ALTER TABLE ${table} ALTER COLUMN consist_id SET NOT NULL`);
  }
  await knex.raw('ALTER TABLE seats DROP CONSTRAINT seats_train_id_coach_code_foreign');
  await knex.raw('ALTER TABLE seats DROP CONSTRAINT seats_pkey');
  await knex.raw('ALTER TABLE coaches DROP CONSTRAINT coaches_pkey');
  await knex.raw(`ALTER TABLE coaches ADD PRIMARY KEY (consist_id, code),
    ADD CONSTRAINT coaches_consist_fk FOREIGN KEY (consist_id) REFERENCES consists(id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE seats ADD PRIMARY KEY (consist_id, id),
    ADD CONSTRAINT seats_coach_fk FOREIGN KEY (consist_id, coach_code)
      REFERENCES coaches(consist_id, code) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE trips ADD CONSTRAINT trips_consist_fk FOREIGN KEY (consist_id)
    REFERENCES consists(id)`);

  // A new train gets an empty consist at once; writers by train_id land in the train's current one.
  await knex.raw(`
    CREATE FUNCTION fastpass_train_consist() RETURNS trigger AS $$
    BEGIN
      INSERT INTO consists (train_id) VALUES (NEW.id) RETURNING id INTO NEW.consist_id;
      UPDATE trains SET consist_id = NEW.consist_id WHERE id = NEW.id;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER trains_consist AFTER INSERT ON trains
      FOR EACH ROW WHEN (NEW.consist_id IS NULL) EXECUTE FUNCTION fastpass_train_consist();
    CREATE FUNCTION fastpass_current_consist() RETURNS trigger AS $$
    BEGIN
      IF NEW.consist_id IS NULL THEN
        SELECT consist_id INTO NEW.consist_id FROM trains WHERE id = NEW.train_id;
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER coaches_consist BEFORE INSERT ON coaches
      FOR EACH ROW EXECUTE FUNCTION fastpass_current_consist();
    CREATE TRIGGER seats_consist BEFORE INSERT ON seats
      FOR EACH ROW EXECUTE FUNCTION fastpass_current_consist();
    CREATE TRIGGER trips_consist BEFORE INSERT ON trips
      FOR EACH ROW EXECUTE FUNCTION fastpass_current_consist();`);

  await knex.schema.createTable('coach_types', (t) => {
    t.string('code', 24).primary();
    t.string('name', 80).notNullable();
    t.string('class', 24).notNullable();
    t.integer('rows').notNullable();
    t.integer('cols').notNullable();
    t.specificType('aisle_after', 'integer[]').notNullable().defaultTo('{}');
    // [{ row, col, label, berth?, facing, access[] }]: a cell without an entry has no seat.
    t.jsonb('seats').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('rows BETWEEN 1 AND 40 AND cols BETWEEN 1 AND 8', [], 'coach_types_size');
  });

  // Which coach type a coach was built from (informational: the coach keeps its own copy of the layout).
  await knex.schema.alterTable('coaches', (t) => {
    t.string('coach_type', 24);
  });

  await knex.schema.createTable('train_fares', (t) => {
    t.integer('train_id').notNullable().references('trains.id').onDelete('CASCADE');
    t.string('class', 24).notNullable();
    t.integer('base_minor').notNullable();
    t.integer('per_km_minor').notNullable();
    t.primary(['train_id', 'class']);
    t.check('base_minor >= 0 AND per_km_minor >= 0', [], 'train_fares_positive');
  });

  await knex.schema.createTable('schedules', (t) => {
    t.increments('id').primary();
    t.integer('train_id').notNullable().references('trains.id').onDelete('CASCADE');
    // ISO days of the week, 1 = Monday … 7 = Sunday.
    t.specificType('days', 'smallint[]').notNullable();
    t.string('departs_local', 5).notNullable();
    t.date('valid_from').notNullable();
    t.date('valid_to');
    t.string('sale_id', 64).notNullable().defaultTo('regular').references('sales.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('days <@ ARRAY[1,2,3,4,5,6,7]::smallint[] AND cardinality(days) > 0', [], 'schedules_days');
    t.check(`departs_local ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`, [], 'schedules_time');
    t.check('valid_to IS NULL OR valid_to >= valid_from', [], 'schedules_validity');
    t.index(['train_id']);
  });

  await knex.schema.alterTable('trips', (t) => {
    t.enu('status', ['scheduled', 'cancelled'], { useNative: true, enumName: 'trip_status' })
      .notNullable()
      .defaultTo('scheduled');
    t.timestamp('cancelled_at', { useTz: true });
    t.integer('schedule_id').references('schedules.id').onDelete('SET NULL');
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('actor_id').references('users.id').onDelete('SET NULL');
    t.string('actor_name', 200).notNullable();
    t.string('action', 64).notNullable();
    t.string('resource', 32).notNullable();
    t.string('resource_id', 64).notNullable();
    t.jsonb('before');
    t.jsonb('after');
    t.index(['at']);
    t.index(['resource', 'resource_id']);
  });

  await knex.schema.createTable('catalog_version', (t) => {
    t.integer('id').primary();
    t.bigInteger('version').notNullable();
    t.check('id = 1', [], 'catalog_version_one_row');
  });
  await knex('catalog_version').insert({ id: 1, version: 1 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('catalog_version');
  await knex.schema.dropTableIfExists('audit_log');
  await knex.schema.alterTable('trips', (t) => {
    t.dropColumn('schedule_id');
    t.dropColumn('cancelled_at');
    t.dropColumn('status');
  });
  await knex.raw('DROP TYPE IF EXISTS trip_status');
  await knex.schema.dropTableIfExists('schedules');
  await knex.schema.dropTableIfExists('train_fares');
  await knex.schema.dropTableIfExists('coach_types');
  await knex.schema.alterTable('coaches', (t) => t.dropColumn('coach_type'));
  await knex.raw(`
    DROP TRIGGER IF EXISTS trips_consist ON trips; DROP TRIGGER IF EXISTS seats_consist ON seats;
    DROP TRIGGER IF EXISTS coaches_consist ON coaches; DROP TRIGGER IF EXISTS trains_consist ON trains;
    DROP FUNCTION IF EXISTS fastpass_current_consist(); DROP FUNCTION IF EXISTS fastpass_train_consist();`);
  // Back to one layout per train: keep each train's current consist only.
  await knex.raw(
    'DELETE FROM seats s USING trains t WHERE t.id = s.train_id AND s.consist_id <> t.consist_id',
  );
  await knex.raw(
    'DELETE FROM coaches c USING trains t WHERE t.id = c.train_id AND c.consist_id <> t.consist_id',
  );
  await knex.raw('ALTER TABLE trips DROP CONSTRAINT trips_consist_fk');
  await knex.raw('ALTER TABLE seats DROP CONSTRAINT seats_coach_fk, DROP CONSTRAINT seats_pkey');
  await knex.raw('ALTER TABLE coaches DROP CONSTRAINT coaches_consist_fk, DROP CONSTRAINT coaches_pkey');
  await knex.raw('ALTER TABLE coaches ADD PRIMARY KEY (train_id, code)');
  await knex.raw(`ALTER TABLE seats ADD PRIMARY KEY (train_id, id),
    ADD CONSTRAINT seats_train_id_coach_code_foreign FOREIGN KEY (train_id, coach_code)
      REFERENCES coaches(train_id, code) ON DELETE CASCADE`);
  for (const table of ['trips', 'seats', 'coaches', 'trains']) {
    await knex.schema.alterTable(table, (t) => t.dropColumn('consist_id'));
  }
  await knex.schema.dropTableIfExists('consists');
}
