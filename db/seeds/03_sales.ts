import type { Knex } from 'knex';
import { zonedDate } from '../../shared/src/time';
import { EID_SALE_ID, eidSpecial } from '../data/catalog';
import { ensureTrain, ensureTrip } from './01_catalog';

/**
 * The demo Eid special: one trip a few days ahead in a sale with the waiting room on, opening
 * `DEMO_SALE_OPENS_IN_MINUTES` (default 5) after the first `db:setup`, so a newcomer can join the queue
 * before it opens and watch the lottery and admissions. Created once; later runs leave it as it is.
 * Every other trip stays in the always-open regular sale (v1 clients keep working).
 */
export async function seed(knex: Knex): Promise<void> {
  const timeZone = process.env.TIMEZONE ?? 'Asia/Dhaka';
  const trainId = await ensureTrain(knex, eidSpecial);
  if (await knex('sales').where({ id: EID_SALE_ID }).first()) return;
  const minutes = Number(process.env.DEMO_SALE_OPENS_IN_MINUTES ?? 5);
  const date = zonedDate(timeZone, eidSpecial.daysAhead);
  await knex.transaction(async (trx) => {
    await trx('sales').insert({
      id: EID_SALE_ID,
      name: `Eid special sale — ${date}`,
      opens_at: new Date(Date.now() + (Number.isFinite(minutes) ? minutes : 5) * 60_000),
      queue: true,
      verified_only: false,
      admit_per_minute: 60,
      admission_minutes: 15,
    });
    await ensureTrip(trx, trainId, eidSpecial.number, eidSpecial.departsLocal, date, timeZone, EID_SALE_ID);
  });
}
