import { classInput, fareSchema, trainFareSchema, trainNumberInput } from '@fastpass/shared';
import { Router } from 'express';
import { parse } from '../../http/middleware';
import type { FaresService } from '../fares.service';
import type { OperatorOf } from './operator';

/** `/api/ops/fares`: class fares and per-train overrides (docs/operations.md). */
export function faresRoutes(deps: { fares: FaresService; operator: OperatorOf }): Router {
  const r = Router();
  r.get('/ops/fares', async (req, res) => {
    await deps.operator(req);
    res.json(await deps.fares.list());
  });
  r.put('/ops/fares/:class', async (req, res) => {
    const cls = parse(classInput, req.params.class);
    const body = parse(fareSchema, req.body);
    const actor = await deps.operator(req);
    res.json(await deps.fares.setClass(actor, cls, body));
  });
  r.put('/ops/trains/:number/fares/:class', async (req, res) => {
    const number = parse(trainNumberInput, req.params.number);
    const cls = parse(classInput, req.params.class);
    const body = parse(trainFareSchema, req.body);
    const actor = await deps.operator(req);
    res.json(await deps.fares.setTrainFare(actor, number, cls, body));
  });
  r.delete('/ops/trains/:number/fares/:class', async (req, res) => {
    const number = parse(trainNumberInput, req.params.number);
    const cls = parse(classInput, req.params.class);
    const actor = await deps.operator(req);
    await deps.fares.removeTrainFare(actor, number, cls);
    res.status(204).end();
  });
  return r;
}
