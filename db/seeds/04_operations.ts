import type { Knex } from 'knex';
import { zonedDate } from '../../shared/src/time';
import { type CoachKind, coachKinds, trains } from '../data/catalog';
import { seatsOf } from './01_catalog';

/**
 * What the operators' console starts from (docs/operations.md): the seeded coach kinds as coach types
 * an operator can reuse or copy, and a daily schedule for each seeded train so the trip generator keeps
 * every train running past the seeded days. Idempotent: existing types and schedules are left alone.
 */
export async function seed(knex: Knex): Promise<void> {
  for (const [code, kind] of Object.entries(coachKinds) as Array<
    [CoachKind, (typeof coachKinds)[CoachKind]]
  >) {
    const seats = seatsOf(0, code, code).map((s) => ({
      row: s.row,
      col: s.col,
      label: s.label,
      berth: s.berth,
      facing: s.facing,
      access: [],
    }));
    await knex('coach_types')
      .insert({
        code,
        name: code.replaceAll('_', ' '),
        class: code,
        rows: kind.rows,
        cols: kind.cols,
        aisle_after: kind.aisleAfter,
        seats: JSON.stringify(seats),
      })
      .onConflict('code')
      .ignore();
  }
  // Seeded coaches were built from the kind of the same name as their class.
  await knex('coaches')
    .whereNull('coach_type')
    .update({ coach_type: knex.ref('class') });

  const timeZone = process.env.TIMEZONE ?? 'Asia/Dhaka';
  for (const train of trains) {
    const row = await knex('trains').where({ number: train.number }).first('id');
    if (!row) continue;
    if (await knex('schedules').where({ train_id: row.id }).first('id')) continue;
    await knex('schedules').insert({
      train_id: row.id,
      days: [1, 2, 3, 4, 5, 6, 7],
      departs_local: train.departsLocal,
      valid_from: zonedDate(timeZone),
    });
  }
}
