// The rush train and its trips in the bench database, and the end-of-run checks against Postgres.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const requireDb = createRequire(new URL('../../db/package.json', import.meta.url));
const knexFactory = requireDb('knex');

export const RUSH_TRAIN = {
  number: 'R-EID',
  name: 'Eid Rush Special',
  // 10 stops, 9 legs: the Dhaka–Chattogram line.
  stops: [
    ['DHK', null, 0, 0],
    ['DAP', 22, 25, 19],
    ['NRS', 70, 72, 58],
    ['BBT', 115, 118, 80],
    ['BMB', 150, 153, 111],
    ['AKH', 170, 173, 121],
    ['CML', 230, 233, 171],
    ['LKM', 255, 257, 195],
    ['FEN', 290, 293, 227],
    ['CTG', 390, null, 321],
  ],
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
    await trx('train_stops').insert(
      RUSH_TRAIN.stops.map(([station, arrive, depart, km], idx) => ({
        train_id: trainId,
        idx,
        station_code: station,
        arrive_min: arrive,
        depart_min: depart,
        km,
      })),
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

let dayOffset = 0;

/** A fresh trip of the rush train on a far-future date nobody else uses; returns its id. */
export async function createRushTrip(db, label) {
  const trainId = await ensureTrain(db);
  const id = `rush-${label}-${randomBytes(3).toString('hex')}`;
  // (train, date) is unique: walk forward from a random far-future day.
  const base = Date.UTC(2400, 0, 1) + Math.floor(Math.random() * 100_000) * 86_400_000;
  for (;;) {
    const day = new Date(base + dayOffset++ * 86_400_000);
    const departs = new Date(day.getTime() + 3 * 3_600_000);
    const inserted = await db('trips')
      .insert({ id, train_id: trainId, date: day.toISOString().slice(0, 10), departs_at: departs })
      .onConflict(['train_id', 'date'])
      .ignore()
      .returning('id');
    if (inserted.length === 0) continue;
    const at = (min) => (min === null ? null : new Date(departs.getTime() + min * 60_000));
    await db('trip_stops').insert(
      RUSH_TRAIN.stops.map(([station, arrive, depart, km], idx) => ({
        trip_id: id,
        idx,
        station_code: station,
        arrives_at: at(arrive),
        departs_at: at(depart),
        km,
      })),
    );
    return id;
  }
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
