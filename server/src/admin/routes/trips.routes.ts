import { dateSchema, generateSchema, idSchema, trainNumberInput } from '@fastpass/shared';
import { Router } from 'express';
import { z } from 'zod/v4';
import { parse } from '../../http/middleware';
import type { Db } from '../../infra/db';
import type { TripCancellation } from '../trip-cancellation';
import type { TripGenerator } from '../trip-generator';
import type { OperatorOf } from './operator';

const tripsQuery = z.object({ from: dateSchema.optional() });

/** Trips as operators see them: generate now, list a train's, cancel one (docs/operations.md). */
export function tripsRoutes(deps: {
  db: Db;
  generator: TripGenerator;
  cancellation: TripCancellation;
  operator: OperatorOf;
}): Router {
  const r = Router();
  // Generation is idempotent, so running it now (rather than waiting for the job) is always safe.
  r.post('/ops/trips/generate', async (req, res) => {
    const body = parse(generateSchema, req.body ?? {});
    await deps.operator(req);
    res.json(await deps.generator.generate(body.days));
  });
  r.get('/ops/trains/:number/trips', async (req, res) => {
    const number = parse(trainNumberInput, req.params.number);
    const q = parse(tripsQuery, req.query);
    await deps.operator(req);
    const rows = await deps
      .db('trips as t')
      .join('trains as tr', 'tr.id', 't.train_id')
      .where('tr.number', number)
      .andWhere('t.date', '>=', q.from ?? deps.db.raw('current_date - 1'))
      .orderBy('t.date')
      .limit(120)
      .select(
        't.id',
        deps.db.raw(`to_char(t.date, 'YYYY-MM-DD') AS date`),
        't.departs_at',
        't.status',
        't.sale_id',
        't.consist_id',
        deps.db.raw('(SELECT count(*)::int FROM tickets k WHERE k.trip_id = t.id AND k.active) AS tickets'),
      );
    res.json(
      rows.map((t) => ({
        id: t.id,
        date: t.date,
        departsAt: new Date(t.departs_at).toISOString(),
        status: t.status,
        saleId: t.sale_id,
        consistId: t.consist_id,
        tickets: t.tickets,
      })),
    );
  });
  r.post('/ops/trips/:tripId/cancel', async (req, res) => {
    const tripId = parse(idSchema, req.params.tripId);
    const actor = await deps.operator(req);
    res.json(await deps.cancellation.cancel(actor, tripId));
  });
  return r;
}
