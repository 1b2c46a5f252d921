import type { Knex } from 'knex';
import { zonedDate, zonedInstant } from '../../shared/src/time';
import {
  type CoachKind,
  DAYS_AHEAD,
  type TrainSeed,
  coachKinds,
  fares,
  stations,
  trains,
} from '../data/catalog';

/** Idempotent: upserts the catalog and adds any missing trips for today .. today + DAYS_AHEAD. */
export async function seed(knex: Knex): Promise<void> {
  const timeZone = process.env.TIMEZONE ?? 'Asia/Dhaka';
  await knex('stations')
    .insert(stations.map((s) => ({ code: s.code, name: s.name, name_bn: s.nameBn })))
    .onConflict('code')
    .merge();
  await knex('fares').insert(fares).onConflict('class').merge();

  for (const train of trains) {
    const trainId = await ensureTrain(knex, train);
    for (let day = 0; day <= DAYS_AHEAD; day++) {
      // Each day's trips go to the regular sale (the column default): open now, no queue, as in v1.
      await ensureTrip(knex, trainId, train.number, train.departsLocal, zonedDate(timeZone, day), timeZone);
    }
  }
}

/** Upserts a train; its stops and coaches are written once (editing them is the operators' job). */
export async function ensureTrain(knex: Knex, train: TrainSeed): Promise<number> {
  const [row] = await knex('trains')
    .insert({ number: train.number, name: train.name, name_bn: train.nameBn ?? null })
    .onConflict('number')
    .merge()
    .returning<{ id: number }[]>('id');
  const trainId = row!.id;
  const existingStops = await knex('train_stops').where({ train_id: trainId }).count<{ count: string }[]>();
  if (Number(existingStops[0]?.count ?? 0) === 0) {
    await knex('train_stops').insert(
      train.stops.map(([station, arrive, depart, km], idx) => ({
        train_id: trainId,
        idx,
        station_code: station,
        arrive_min: arrive,
        depart_min: depart,
        km,
      })),
    );
    await insertCoaches(knex, trainId, train.composition);
  }
  return trainId;
}

export async function insertCoaches(
  knex: Knex,
  trainId: number,
  composition: Array<[string, CoachKind]>,
): Promise<void> {
  for (const [position, [code, kind]] of composition.entries()) {
    const layout = coachKinds[kind];
    await knex('coaches').insert({
      train_id: trainId,
      code,
      position,
      class: kind,
      rows: layout.rows,
      cols: layout.cols,
      aisle_after: layout.aisleAfter,
    });
    await knex('seats').insert(seatsOf(trainId, code, kind));
  }
}

/**
 * Accessible seating of chair coaches, in the last row (by the rear door): a wheelchair space and a
 * priority seat, each with a companion seat beside it (the other seat of its pair). Berth coaches have none.
 */
export function accessOf(kind: CoachKind, row: number, col: number): string[] {
  const layout = coachKinds[kind];
  if (layout.berth || row !== layout.rows) return [];
  if (col === 1) return ['wheelchair'];
  if (col === layout.cols) return ['priority'];
  return col === 2 || col === layout.cols - 1 ? ['companion'] : [];
}

export function seatsOf(trainId: number, coach: string, kind: CoachKind) {
  const layout = coachKinds[kind];
  const seats = [];
  let n = 0;
  for (let row = 1; row <= layout.rows; row++) {
    for (let col = 1; col <= layout.cols; col++) {
      n++;
      const edge = col === 1 || col === layout.cols;
      const byAisle = layout.aisleAfter.includes(col) || layout.aisleAfter.includes(col - 1);
      seats.push({
        train_id: trainId,
        coach_code: coach,
        id: `${coach}-${n}`,
        label: String(n),
        row,
        col,
        position: edge ? 'window' : byAisle ? 'aisle' : 'middle',
        // Berth bays alternate lower/upper berths across each side of the corridor.
        berth: layout.berth ? (col % 2 === 1 ? 'lower' : 'upper') : null,
        // Bangladeshi chair coaches face the middle: the front half rides backwards.
        facing: layout.berth ? 'forward' : row <= Math.floor(layout.rows / 2) ? 'backward' : 'forward',
        access: accessOf(kind, row, col),
      });
    }
  }
  return seats;
}

export async function ensureTrip(
  knex: Knex,
  trainId: number,
  number: string,
  departsLocal: string,
  date: string,
  timeZone: string,
  saleId?: string,
): Promise<string> {
  const id = `${number.replaceAll('-', '')}-${date.replaceAll('-', '')}`;
  const origin = zonedInstant(date, departsLocal, timeZone);
  const inserted = await knex('trips')
    .insert({ id, train_id: trainId, date, departs_at: origin, ...(saleId ? { sale_id: saleId } : {}) })
    .onConflict('id')
    .ignore()
    .returning('id');
  if (inserted.length === 0) return id;
  const stops = await knex('train_stops').where({ train_id: trainId }).orderBy('idx');
  const at = (min: number | null) => (min === null ? null : new Date(origin.getTime() + min * 60_000));
  await knex('trip_stops').insert(
    stops.map((s) => ({
      trip_id: id,
      idx: s.idx,
      station_code: s.station_code,
      arrives_at: at(s.arrive_min),
      departs_at: at(s.depart_min),
      km: s.km,
    })),
  );
  return id;
}
