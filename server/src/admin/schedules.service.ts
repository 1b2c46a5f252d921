import type { OpsSchedule, ScheduleCreate, SchedulePatch } from '@fastpass/shared';
import { ErrorCode } from '@fastpass/shared';
import type { Knex } from 'knex';
import { AppError, notFound } from '../errors';
import type { Db } from '../infra/db';
import type { Actor } from './audit';
import type { CatalogEdits } from './edits';
import { TrainsService } from './trains.service';

interface ScheduleRow {
  id: number;
  number: string;
  days: number[];
  departs_local: string;
  valid_from: string;
  valid_to: string | null;
  sale_id: string;
}

const view = (r: ScheduleRow): OpsSchedule => ({
  id: r.id,
  trainNumber: r.number,
  days: r.days.map(Number),
  departsLocal: r.departs_local,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  saleId: r.sale_id,
});

/**
 * When trains run: days of the week, a departure time (local to TIMEZONE) and a validity range. The
 * trip generator turns them into trips; a change reaches days not generated yet, never a trip that
 * exists (cancel that one instead).
 */
export class SchedulesService {
  constructor(
    private readonly db: Db,
    private readonly edits: CatalogEdits,
  ) {}

  private query(conn: Knex | Knex.Transaction) {
    return conn('schedules as s')
      .join('trains as t', 't.id', 's.train_id')
      .select(
        's.id',
        't.number',
        's.days',
        's.departs_local',
        conn.raw(`to_char(s.valid_from, 'YYYY-MM-DD') AS valid_from`),
        conn.raw(`to_char(s.valid_to, 'YYYY-MM-DD') AS valid_to`),
        's.sale_id',
      );
  }

  async list(): Promise<OpsSchedule[]> {
    return ((await this.query(this.db).orderBy(['t.number', 's.id'])) as ScheduleRow[]).map(view);
  }

  private async one(conn: Knex | Knex.Transaction, id: number): Promise<OpsSchedule | null> {
    const row = (await this.query(conn).where('s.id', id).first()) as ScheduleRow | undefined;
    return row ? view(row) : null;
  }

  create(actor: Actor, input: ScheduleCreate): Promise<OpsSchedule> {
    return this.edits.run(actor, async (trx) => {
      const { id: trainId } = await TrainsService.lock(trx, input.trainNumber);
      await assertSale(trx, input.saleId);
      const [row] = (await trx('schedules')
        .insert({
          train_id: trainId,
          days: input.days,
          departs_local: input.departsLocal,
          valid_from: input.validFrom,
          valid_to: input.validTo,
          sale_id: input.saleId,
        })
        .returning('id')) as [{ id: number }];
      const after = (await this.one(trx, row.id))!;
      return {
        action: 'schedule.create',
        resource: 'schedule',
        resourceId: String(row.id),
        before: null,
        after,
        result: after,
      };
    });
  }

  update(actor: Actor, id: number, patch: SchedulePatch): Promise<OpsSchedule> {
    return this.edits.run(actor, async (trx) => {
      await trx('schedules').where({ id }).forUpdate().first();
      const before = await this.one(trx, id);
      if (!before) throw notFound(`schedule ${id}`);
      const validFrom = patch.validFrom ?? before.validFrom;
      const validTo = patch.validTo !== undefined ? patch.validTo : before.validTo;
      if (validTo !== null && validTo < validFrom)
        throw new AppError(ErrorCode.VALIDATION, 'validTo: before validFrom');
      if (patch.saleId) await assertSale(trx, patch.saleId);
      await trx('schedules')
        .where({ id })
        .update({
          ...(patch.days ? { days: patch.days } : {}),
          ...(patch.departsLocal ? { departs_local: patch.departsLocal } : {}),
          ...(patch.saleId ? { sale_id: patch.saleId } : {}),
          valid_from: validFrom,
          valid_to: validTo,
          updated_at: trx.fn.now(),
        });
      const after = (await this.one(trx, id))!;
      return {
        action: 'schedule.update',
        resource: 'schedule',
        resourceId: String(id),
        before,
        after,
        result: after,
      };
    });
  }

  remove(actor: Actor, id: number): Promise<void> {
    return this.edits.run(actor, async (trx) => {
      const before = await this.one(trx, id);
      if (!before) throw notFound(`schedule ${id}`);
      await trx('schedules').where({ id }).delete();
      return {
        action: 'schedule.delete',
        resource: 'schedule',
        resourceId: String(id),
        before,
        after: null,
        result: undefined,
      };
    });
  }
}

async function assertSale(trx: Knex.Transaction, saleId: string): Promise<void> {
  if (!(await trx('sales').where({ id: saleId }).first('id'))) throw notFound(`sale ${saleId}`);
}
