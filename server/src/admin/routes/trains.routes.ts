import { consistSchema, trainCreateSchema, trainNumberInput, trainPatchSchema } from '@fastpass/shared';
import { Router } from 'express';
import { parse } from '../../http/middleware';
import type { LayoutsService } from '../layouts.service';
import type { TrainsService } from '../trains.service';
import type { OperatorOf } from './operator';

/** `/api/ops/trains` and a train's consist (docs/operations.md). */
export function trainsRoutes(deps: {
  trains: TrainsService;
  layouts: LayoutsService;
  operator: OperatorOf;
}): Router {
  const r = Router();
  r.get('/ops/trains', async (req, res) => {
    await deps.operator(req);
    res.json(await deps.trains.list());
  });
  r.get('/ops/trains/:number', async (req, res) => {
    const number = parse(trainNumberInput, req.params.number);
    await deps.operator(req);
    res.json(await deps.trains.get(number));
  });
  r.post('/ops/trains', async (req, res) => {
    const body = parse(trainCreateSchema, req.body);
    const actor = await deps.operator(req);
    res.status(201).json(await deps.trains.create(actor, body));
  });
  r.patch('/ops/trains/:number', async (req, res) => {
    const number = parse(trainNumberInput, req.params.number);
    const body = parse(trainPatchSchema, req.body);
    const actor = await deps.operator(req);
    res.json(await deps.trains.update(actor, number, body));
  });
  r.delete('/ops/trains/:number', async (req, res) => {
    const number = parse(trainNumberInput, req.params.number);
    const actor = await deps.operator(req);
    await deps.trains.remove(actor, number);
    res.status(204).end();
  });
  r.put('/ops/trains/:number/consist', async (req, res) => {
    const number = parse(trainNumberInput, req.params.number);
    const body = parse(consistSchema, req.body);
    const actor = await deps.operator(req);
    res.json(await deps.layouts.setConsist(actor, number, body));
  });
  return r;
}
