// The rush train and its trips in the bench database, and the end-of-run checks against Postgres.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { tsImport } from 'tsx/esm/api';

const requireDb = createRequire(new URL('../../db/package.json', import.meta.url));
const knexFactory = requireDb('knex');

export const RUSH_TRAIN = {
  number: 'R-EID',
  name: 'Eid Rush Special',
  // 10 stops, 9 legs: the Dhaka–Chattogram line, copied from train 703's timetable (`train_stops`,
  // seeded from db/data/catalog.ts) rather than kept here as a second stop table.
  stopsOf: '703',
  // 10 chair coaches of 60 + 5 shovan coaches of 80 = 1,000 seats.
  coaches: [
    ...['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10'].map((c) => [c, 'S_CHAIR', 15, 4]),
    ...['S1', 'S2', 'S3', 'S4', 'S5'].map((c) => [c, 'SHOVAN', 16, 5]),
  ],
};

export function openDb(url) {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 4 } });
}

async function ensureTrain(db) {
  const found = await db('trains').where({ number: RUSH_TRAIN.number }).first('id');
  if (found) return found.id;
  return db.transaction(async (trx) => {
    const [row] = await trx('trains')
      .insert({ number: RUSH_TRAIN.number, name: RUSH_TRAIN.name })
      .returning('id');
    const trainId = row.id;
    await trx.raw(
      `INSERT INTO train_stops (train_id, idx, station_code, arrive_min, depart_min, km)
       SELECT ?, s.idx, s.station_code, s.arrive_min, s.depart_min, s.km
         FROM train_stops s JOIN trains t ON t.id = s.train_id WHERE t.number = ?`,
      [trainId, RUSH_TRAIN.stopsOf],
    );
    for (const [position, [code, kind, rows, cols]] of RUSH_TRAIN.coaches.entries()) {
      await trx('coaches').insert({
        train_id: trainId,
        code,
        position,
        class: kind,
        rows,
        cols,
        aisle_after: [2],
      });
      const seats = [];
      let n = 0;
      for (let r = 1; r <= rows; r++) {
        for (let c = 1; c <= cols; c++) {
          n++;
          const edge = c === 1 || c === cols;
          seats.push({
            train_id: trainId,
            coach_code: code,
            id: `${code}-${n}`,
            label: String(n),
            row: r,
            col: c,
            position: edge ? 'window' : c === 2 || c === 3 ? 'aisle' : 'middle',
            berth: null,
            facing: r <= rows / 2 ? 'backward' : 'forward',
          });
        }
      }
      await trx('seats').insert(seats);
    }
    return trainId;
  });
}

/** The stations of the rush train, in order (its timetable is train 703's). */
export async function rushStations(db) {
  await ensureTrain(db);
  return db('train_stops')
    .join('trains', 'trains.id', 'train_stops.train_id')
    .where('trains.number', RUSH_TRAIN.number)
    .orderBy('train_stops.idx')
    .pluck('train_stops.station_code');
}

// The trip factory the server tests and e2e use (db/trips.ts), loaded through tsx: the bench is plain
// .mjs run by node without a TypeScript step, and tsx is already installed for `npm run db:setup`.
let factory;
async function insertTrip(db, trip) {
  factory ??= await tsImport('../../db/trips.ts', import.meta.url);
  return factory.insertTrip(db, trip);
}

/** A fresh trip of the rush train on a far-future date nobody else uses; returns its id. */
export async function createRushTrip(db, label) {
  await ensureTrain(db);
  const id = `rush-${label}-${randomBytes(3).toString('hex')}`;
  return (await insertTrip(db, { trainNumber: RUSH_TRAIN.number, id })).id;
}

/**
 * What Postgres says after a run: orders, tickets, and seats sold twice on overlapping legs (the
 * exclusion constraint should make that impossible; this checks it rather than trusting it).
 */
export async function checkTrip(db, tripId) {
  const { rows } = await db.raw(
    `SELECT
       (SELECT count(*)::int FROM orders WHERE trip_id = :t AND status = 'confirmed') AS orders,
       (SELECT count(*)::int FROM tickets WHERE trip_id = :t AND active) AS tickets,
       (SELECT count(DISTINCT a.seat_id)::int FROM tickets a JOIN tickets b
          ON a.trip_id = b.trip_id AND a.seat_id = b.seat_id AND a.id < b.id AND a.legs && b.legs
          WHERE a.trip_id = :t AND a.active AND b.active) AS oversold,
       (SELECT coalesce(sum(upper(legs) - lower(legs)), 0)::int FROM tickets WHERE trip_id = :t AND active)
          AS sold_legs`,
    { t: tripId },
  );
  return rows[0];
}

/** Sold leg mask per seat from Postgres tickets, to compare with what the server's store shows. */
export async function soldMasks(db, tripId) {
  const { rows } = await db.raw(
    'SELECT seat_id, lower(legs) AS lo, upper(legs) AS hi FROM tickets WHERE trip_id = ? AND active',
    [tripId],
  );
  const masks = new Map();
  for (const r of rows) masks.set(r.seat_id, (masks.get(r.seat_id) ?? 0) | (2 ** r.hi - 2 ** r.lo));
  return masks;
}
