import {
  ErrorCode,
  type OpsTrain,
  type TrainCreate,
  type TrainPatch,
  type TrainStopInput,
} from '@fastpass/shared';
import type { Knex } from 'knex';
import { AppError, notFound } from '../errors';
import type { Db } from '../infra/db';
import type { Actor } from './audit';
import type { CatalogEdits } from './edits';

interface StopRow {
  station_code: string;
  arrive_min: number | null;
  depart_min: number | null;
  km: number;
}

/**
 * Trains and their timetables. A timetable change reaches trips generated after it: every trip keeps
 * the stops and times it was generated with (`trip_stops`), so sold tickets never move.
 */
export class TrainsService {
  constructor(
    private readonly db: Db,
    private readonly edits: CatalogEdits,
  ) {}

  async list(): Promise<OpsTrain[]> {
    const trains = await this.db('trains').orderBy('number').select('id', 'number', 'name', 'consist_id');
    return Promise.all(trains.map((t) => this.describe(this.db, t)));
  }

  async get(number: string, conn: Knex | Knex.Transaction = this.db): Promise<OpsTrain> {
    const t = await conn('trains').where({ number }).first('id', 'number', 'name', 'consist_id');
    if (!t) throw notFound(`train ${number}`);
    return this.describe(conn, t);
  }

  /** The train's id, locked for the rest of the transaction (edits of one train go one after another). */
  static async lock(trx: Knex.Transaction, number: string): Promise<{ id: number; consist_id: number }> {
    const t = await trx('trains').where({ number }).forUpdate().first('id', 'consist_id');
    if (!t) throw notFound(`train ${number}`);
    return t;
  }

  create(actor: Actor, input: TrainCreate): Promise<OpsTrain> {
    return this.edits.run(actor, async (trx) => {
      await assertStations(trx, input.stops);
      const rows = await trx('trains')
        .insert({ number: input.number, name: input.name })
        .onConflict('number')
        .ignore()
        .returning<{ id: number }[]>('id');
      if (rows.length === 0) throw new AppError(ErrorCode.CONFLICT, `train ${input.number} exists`);
      await writeStops(trx, rows[0]!.id, input.stops);
      const after = await this.get(input.number, trx);
      return {
        action: 'train.create',
        resource: 'train',
        resourceId: input.number,
        before: null,
        after,
        result: after,
      };
    });
  }

  update(actor: Actor, number: string, patch: TrainPatch): Promise<OpsTrain> {
    return this.edits.run(actor, async (trx) => {
      const { id } = await TrainsService.lock(trx, number);
      const before = await this.get(number, trx);
      if (patch.name !== undefined) await trx('trains').where({ id }).update({ name: patch.name });
      if (patch.stops) {
        await assertStations(trx, patch.stops);
        await trx('train_stops').where({ train_id: id }).delete();
        await writeStops(trx, id, patch.stops);
      }
      const after = await this.get(number, trx);
      return { action: 'train.update', resource: 'train', resourceId: number, before, after, result: after };
    });
  }

  /** Only a train that never ran can go: its trips (and their tickets) are history. */
  remove(actor: Actor, number: string): Promise<void> {
    return this.edits.run(actor, async (trx) => {
      const { id } = await TrainsService.lock(trx, number);
      const before = await this.get(number, trx);
      const trips = await trx('trips').where({ train_id: id }).count<{ count: string }[]>();
      const n = Number(trips[0]?.count ?? 0);
      if (n > 0)
        throw new AppError(ErrorCode.CONFLICT, `train ${number} has ${n} trip(s); cancel or keep it`);
      await trx('trains').where({ id }).update({ consist_id: null });
      await trx('trains').where({ id }).delete();
      return {
        action: 'train.delete',
        resource: 'train',
        resourceId: number,
        before,
        after: null,
        result: undefined,
      };
    });
  }

  private async describe(
    conn: Knex | Knex.Transaction,
    t: { id: number; number: string; name: string; consist_id: number },
  ): Promise<OpsTrain> {
    const [stops, coaches, schedules] = await Promise.all([
      conn('train_stops').where('train_id', t.id).orderBy('idx') as Promise<StopRow[]>,
      conn('coaches as c')
        .where('c.consist_id', t.consist_id)
        .orderBy('c.position')
        .select(
          'c.code',
          'c.class',
          'c.coach_type',
          conn.raw(
            '(SELECT count(*)::int FROM seats s WHERE s.consist_id = c.consist_id AND s.coach_code = c.code) AS seats',
          ),
        ),
      conn('schedules').where({ train_id: t.id }).count<{ count: string }[]>(),
    ]);
    return {
      number: t.number,
      name: t.name,
      stops: stops.map(
        (s): TrainStopInput => ({
          station: s.station_code,
          arriveMin: s.arrive_min,
          departMin: s.depart_min,
          km: s.km,
        }),
      ),
      coaches: coaches.map(
        (c: { code: string; class: string; coach_type: string | null; seats: number }) => ({
          code: c.code,
          type: c.coach_type,
          class: c.class,
          seats: c.seats,
        }),
      ),
      consistId: t.consist_id,
      schedules: Number(schedules[0]?.count ?? 0),
    };
  }
}

async function assertStations(trx: Knex.Transaction, stops: TrainStopInput[]): Promise<void> {
  const codes = stops.map((s) => s.station);
  const known = new Set(await trx('stations').whereIn('code', codes).pluck('code'));
  const missing = codes.find((c) => !known.has(c));
  if (missing) throw notFound(`station ${missing}`);
}

async function writeStops(trx: Knex.Transaction, trainId: number, stops: TrainStopInput[]): Promise<void> {
  await trx('train_stops').insert(
    stops.map((s, idx) => ({
      train_id: trainId,
      idx,
      station_code: s.station,
      arrive_min: s.arriveMin,
      depart_min: s.departMin,
      km: s.km,
    })),
  );
}
