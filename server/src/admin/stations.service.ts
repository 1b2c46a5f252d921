import { ErrorCode, type OpsStation, type StationCreate } from '@fastpass/shared';
import { AppError, notFound } from '../errors';
import type { Db } from '../infra/db';
import type { Actor } from './audit';
import type { CatalogEdits } from './edits';

/** Stations: a code once given stays (trips and tickets refer to it); the name can change. */
export class StationsService {
  constructor(
    private readonly db: Db,
    private readonly edits: CatalogEdits,
  ) {}

  async list(): Promise<OpsStation[]> {
    const rows = await this.db('stations as s')
      .leftJoin('train_stops as ts', 'ts.station_code', 's.code')
      .groupBy('s.code', 's.name')
      .orderBy('s.name')
      .select('s.code', 's.name', this.db.raw('count(DISTINCT ts.train_id)::int AS trains'));
    return rows as OpsStation[];
  }

  create(actor: Actor, input: StationCreate): Promise<OpsStation> {
    return this.edits.run(actor, async (trx) => {
      const inserted = await trx('stations').insert(input).onConflict('code').ignore().returning('code');
      if (inserted.length === 0) throw new AppError(ErrorCode.CONFLICT, `station ${input.code} exists`);
      const after = { ...input, trains: 0 };
      return {
        action: 'station.create',
        resource: 'station',
        resourceId: input.code,
        before: null,
        after,
        result: after,
      };
    });
  }

  rename(actor: Actor, code: string, name: string): Promise<OpsStation> {
    return this.edits.run(actor, async (trx) => {
      const before = await trx('stations').where({ code }).forUpdate().first('code', 'name');
      if (!before) throw notFound(`station ${code}`);
      await trx('stations').where({ code }).update({ name });
      const used = await trx('train_stops').where({ station_code: code }).countDistinct({ n: 'train_id' });
      const after = { code, name, trains: Number((used[0] as { n: string } | undefined)?.n ?? 0) };
      return {
        action: 'station.rename',
        resource: 'station',
        resourceId: code,
        before,
        after,
        result: after,
      };
    });
  }

  /** A station a train stops at (or a past trip stopped at) stays: CONFLICT names the trains. */
  remove(actor: Actor, code: string): Promise<void> {
    return this.edits.run(actor, async (trx) => {
      const before = await trx('stations').where({ code }).forUpdate().first('code', 'name');
      if (!before) throw notFound(`station ${code}`);
      const users = await trx('train_stops as ts')
        .join('trains as t', 't.id', 'ts.train_id')
        .where('ts.station_code', code)
        .pluck('t.number');
      if (users.length > 0)
        throw new AppError(ErrorCode.CONFLICT, `station ${code} is a stop of train ${users.join(', ')}`);
      await trx('stations').where({ code }).delete();
      return {
        action: 'station.delete',
        resource: 'station',
        resourceId: code,
        before,
        after: null,
        result: undefined,
      };
    });
  }
}
