import type { OpsFares } from '@fastpass/shared';
import { notFound } from '../errors';
import type { Db } from '../infra/db';
import type { Actor } from './audit';
import type { CatalogEdits } from './edits';
import { TrainsService } from './trains.service';

/**
 * Fares per class (base + per km, minor units) and per-train overrides. A fare change prices
 * purchases made after it; every sold ticket keeps the fare it was sold at (`tickets.fare_minor`).
 */
export class FaresService {
  constructor(
    private readonly db: Db,
    private readonly edits: CatalogEdits,
  ) {}

  async list(): Promise<OpsFares> {
    const [classes, overrides] = await Promise.all([
      this.db('fares').orderBy('class'),
      this.db('train_fares as f')
        .join('trains as t', 't.id', 'f.train_id')
        .orderBy(['t.number', 'f.class'])
        .select('t.number', 'f.*'),
    ]);
    return {
      classes: classes.map((f) => ({
        class: f.class,
        baseMinor: f.base_minor,
        perKmMinor: f.per_km_minor,
        currency: f.currency,
      })),
      overrides: overrides.map((f) => ({
        trainNumber: f.number,
        class: f.class,
        baseMinor: f.base_minor,
        perKmMinor: f.per_km_minor,
      })),
    };
  }

  setClass(actor: Actor, cls: string, fare: { baseMinor: number; perKmMinor: number; currency: string }) {
    return this.edits.run(actor, async (trx) => {
      const before = await trx('fares').where({ class: cls }).forUpdate().first();
      const row = {
        class: cls,
        base_minor: fare.baseMinor,
        per_km_minor: fare.perKmMinor,
        currency: fare.currency,
      };
      await trx('fares').insert(row).onConflict('class').merge();
      const after = { class: cls, ...fare };
      return {
        action: 'fare.set',
        resource: 'fare',
        resourceId: cls,
        before: before ?? null,
        after,
        result: after,
      };
    });
  }

  setTrainFare(actor: Actor, number: string, cls: string, fare: { baseMinor: number; perKmMinor: number }) {
    return this.edits.run(actor, async (trx) => {
      const { id } = await TrainsService.lock(trx, number);
      if (!(await trx('fares').where({ class: cls }).first())) throw notFound(`fare class ${cls}`);
      const before = await trx('train_fares').where({ train_id: id, class: cls }).first();
      await trx('train_fares')
        .insert({ train_id: id, class: cls, base_minor: fare.baseMinor, per_km_minor: fare.perKmMinor })
        .onConflict(['train_id', 'class'])
        .merge();
      const after = { trainNumber: number, class: cls, ...fare };
      return {
        action: 'trainFare.set',
        resource: 'fare',
        resourceId: `${number}/${cls}`,
        before: before ?? null,
        after,
        result: after,
      };
    });
  }

  removeTrainFare(actor: Actor, number: string, cls: string) {
    return this.edits.run(actor, async (trx) => {
      const { id } = await TrainsService.lock(trx, number);
      const before = await trx('train_fares').where({ train_id: id, class: cls }).first();
      if (!before) throw notFound(`fare override ${number}/${cls}`);
      await trx('train_fares').where({ train_id: id, class: cls }).delete();
      return {
        action: 'trainFare.delete',
        resource: 'fare',
        resourceId: `${number}/${cls}`,
        before,
        after: null,
        result: undefined,
      };
    });
  }
}
