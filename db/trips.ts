import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The one trip factory of the tests, the e2e suite and the bench: a dated trip of a train whose stops
 * are copied from the train's timetable (`train_stops`, seeded from `db/data/catalog.ts`), so no caller
 * keeps its own copy of a stop table.
 */
export interface NewTrip {
  /** The train's number, e.g. '703'; it must exist (seeded, or added by the caller). */
  trainNumber: string;
  /** Trip id; default `t-<random>`. */
  id?: string;
  /** Service date (YYYY-MM-DD); default a random far-future day no trip of this train has yet. */
  date?: string;
  /** Origin departure; default 02:00 UTC of the date. Every stop's times follow from it. */
  departsAt?: Date;
  /** The sale the trip is sold in; default the column default (the regular sale). */
  saleId?: string;
}

export interface InsertedTrip {
  id: string;
  date: string;
  departsAt: Date;
  trainId: number;
}

const DAY_MS = 86_400_000;

/** A random day in the years 2200 … ~4900: far beyond the seeded days and any real sale. */
function farFutureDay(): string {
  const day = new Date(Date.UTC(2200, 0, 1) + Math.floor(Math.random() * 1_000_000) * DAY_MS);
  return day.toISOString().slice(0, 10);
}

/**
 * Inserts the trip and its stops in one transaction. (train, date) is unique: without a given date it
 * retries on another random day; with one, a taken date fails as the constraint says.
 */
export async function insertTrip(knex: Knex, trip: NewTrip): Promise<InsertedTrip> {
  const train = await knex('trains')
    .where({ number: trip.trainNumber })
    .first<{ id: number } | undefined>('id');
  if (!train) throw new Error(`no train ${trip.trainNumber}`);
  const id = trip.id ?? `t-${randomBytes(5).toString('hex')}`;
  for (;;) {
    const date = trip.date ?? farFutureDay();
    const departsAt = trip.departsAt ?? new Date(Date.parse(`${date}T02:00:00Z`));
    const inserted = await knex.transaction(async (trx) => {
      const rows = await trx('trips')
        .insert({
          id,
          train_id: train.id,
          date,
          departs_at: departsAt,
          ...(trip.saleId ? { sale_id: trip.saleId } : {}),
        })
        .modify((q) => {
          if (!trip.date) q.onConflict(['train_id', 'date']).ignore();
        })
        .returning('id');
      if (rows.length === 0) return false;
      await trx.raw(
        `INSERT INTO trip_stops (trip_id, idx, station_code, arrives_at, departs_at, km)
         SELECT :id, s.idx, s.station_code,
                :departs::timestamptz + make_interval(mins => s.arrive_min),
                :departs::timestamptz + make_interval(mins => s.depart_min), s.km
           FROM train_stops s WHERE s.train_id = :train ORDER BY s.idx`,
        { id, departs: departsAt.toISOString(), train: train.id },
      );
      return true;
    });
    if (inserted) return { id, date, departsAt, trainId: train.id };
  }
}
