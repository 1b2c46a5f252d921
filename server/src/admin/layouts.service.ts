import { type CoachTypeInput, type ConsistInput, ErrorCode, type OpsTrain } from '@fastpass/shared';
import type { Knex } from 'knex';
import { AppError, notFound } from '../errors';
import type { Db } from '../infra/db';
import type { Actor } from './audit';
import type { CatalogEdits } from './edits';
import { TrainsService } from './trains.service';

interface CoachTypeRow {
  code: string;
  name: string;
  class: string;
  rows: number;
  cols: number;
  aisle_after: number[];
  seats: CoachTypeInput['seats'];
}

const toInput = (r: CoachTypeRow): CoachTypeInput => ({
  code: r.code,
  name: r.name,
  class: r.class,
  rows: r.rows,
  cols: r.cols,
  aisleAfter: r.aisle_after,
  seats: r.seats,
});

/**
 * Coach types (reusable layouts) and trains' consists. A consist is a snapshot: saving a train's
 * coaches copies each type's seats into a new consist, which trips generated from then on run with.
 * Trips already generated keep theirs, except the ones an operator names that have no sold ticket and
 * no live hold (their seat ids could change under a passenger otherwise).
 */
export class LayoutsService {
  constructor(
    private readonly db: Db,
    private readonly edits: CatalogEdits,
    private readonly trains: TrainsService,
  ) {}

  async types(): Promise<CoachTypeInput[]> {
    return (await this.db<CoachTypeRow>('coach_types').orderBy('code')).map(toInput);
  }

  saveType(actor: Actor, input: CoachTypeInput, mode: 'create' | 'replace'): Promise<CoachTypeInput> {
    return this.edits.run(actor, async (trx) => {
      const fare = await trx('fares').where({ class: input.class }).first('class');
      if (!fare) throw notFound(`fare class ${input.class} (set its fare first)`);
      const beforeRow = await trx<CoachTypeRow>('coach_types')
        .where({ code: input.code })
        .forUpdate()
        .first();
      if (mode === 'create' && beforeRow)
        throw new AppError(ErrorCode.CONFLICT, `coach type ${input.code} exists`);
      if (mode === 'replace' && !beforeRow) throw notFound(`coach type ${input.code}`);
      const row = {
        code: input.code,
        name: input.name,
        class: input.class,
        rows: input.rows,
        cols: input.cols,
        aisle_after: input.aisleAfter,
        seats: JSON.stringify(input.seats),
        updated_at: trx.fn.now(),
      };
      await trx('coach_types').insert(row).onConflict('code').merge();
      return {
        action: `coachType.${mode}`,
        resource: 'coachType',
        resourceId: input.code,
        before: beforeRow ? toInput(beforeRow) : null,
        after: input,
        result: input,
      };
    });
  }

  /** Coaches already built keep their copy; removing a type only stops new consists from using it. */
  removeType(actor: Actor, code: string): Promise<void> {
    return this.edits.run(actor, async (trx) => {
      const before = await trx<CoachTypeRow>('coach_types').where({ code }).forUpdate().first();
      if (!before) throw notFound(`coach type ${code}`);
      await trx('coach_types').where({ code }).delete();
      return {
        action: 'coachType.delete',
        resource: 'coachType',
        resourceId: code,
        before: toInput(before),
        after: null,
        result: undefined,
      };
    });
  }

  setConsist(actor: Actor, number: string, input: ConsistInput): Promise<OpsTrain & { appliedTo: string[] }> {
    return this.edits.run(actor, async (trx) => {
      const train = await TrainsService.lock(trx, number);
      const before = await this.trains.get(number, trx);
      const typeCodes = [...new Set(input.coaches.map((c) => c.type))];
      const types = new Map(
        (await trx<CoachTypeRow>('coach_types').whereIn('code', typeCodes)).map((t) => [t.code, t]),
      );
      const missing = typeCodes.find((c) => !types.has(c));
      if (missing) throw notFound(`coach type ${missing}`);

      const [{ id: consistId }] = (await trx('consists').insert({ train_id: train.id }).returning('id')) as [
        { id: number },
      ];
      for (const [position, coach] of input.coaches.entries()) {
        const type = types.get(coach.type)!;
        await trx('coaches').insert({
          train_id: train.id,
          consist_id: consistId,
          code: coach.code,
          position,
          class: type.class,
          rows: type.rows,
          cols: type.cols,
          aisle_after: type.aisle_after,
          coach_type: type.code,
        });
        await trx('seats').insert(seatRows(train.id, consistId, coach.code, type));
      }
      await trx('trains').where({ id: train.id }).update({ consist_id: consistId });
      const appliedTo = await applyToTrips(trx, train.id, consistId, input.applyToTrips);
      const after = await this.trains.get(number, trx);
      return {
        action: 'train.consist',
        resource: 'train',
        resourceId: number,
        before: before.coaches,
        after: { coaches: after.coaches, consistId, appliedTo },
        result: { ...after, appliedTo },
      };
    });
  }
}

/** A seat's id is `<coach>-<label>`, as the seeded trains have it; position follows from the grid. */
export function seatRows(trainId: number, consistId: number, coach: string, type: CoachTypeRow) {
  return type.seats.map((s) => {
    const edge = s.col === 1 || s.col === type.cols;
    const byAisle = type.aisle_after.includes(s.col) || type.aisle_after.includes(s.col - 1);
    return {
      train_id: trainId,
      consist_id: consistId,
      coach_code: coach,
      id: `${coach}-${s.label}`,
      label: s.label,
      row: s.row,
      col: s.col,
      position: edge ? 'window' : byAisle ? 'aisle' : 'middle',
      berth: s.berth ?? null,
      facing: s.facing ?? 'forward',
      access: s.access ?? [],
    };
  });
}

/** Moves the named trips to the new consist; any that sold a ticket or has a live hold refuses all. */
async function applyToTrips(
  trx: Knex.Transaction,
  trainId: number,
  consistId: number,
  tripIds: string[],
): Promise<string[]> {
  if (tripIds.length === 0) return [];
  const trips = await trx('trips').whereIn('id', tripIds).forUpdate().select('id', 'train_id', 'status');
  for (const id of tripIds) {
    const t = trips.find((x: { id: string }) => x.id === id);
    if (!t || t.train_id !== trainId) throw notFound(`trip ${id} of this train`);
    if (t.status === 'cancelled') throw new AppError(ErrorCode.CONFLICT, `trip ${id} is cancelled`);
  }
  const busy = await trx('tickets')
    .whereIn('trip_id', tripIds)
    .andWhere({ active: true })
    .distinct('trip_id')
    .union((q) =>
      q.from('holds').whereIn('trip_id', tripIds).andWhere({ status: 'active' }).distinct('trip_id'),
    );
  if (busy.length > 0)
    throw new AppError(
      ErrorCode.CONFLICT,
      `trip ${busy.map((b: { trip_id: string }) => b.trip_id).join(', ')} has sold tickets or live holds; its layout stays`,
    );
  await trx('trips').whereIn('id', tripIds).update({ consist_id: consistId });
  return tripIds;
}
