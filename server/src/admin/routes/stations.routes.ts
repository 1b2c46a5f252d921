import { stationCodeInput, stationCreateSchema, stationPatchSchema } from '@fastpass/shared';
import { Router } from 'express';
import { parse } from '../../http/middleware';
import type { StationsService } from '../stations.service';
import type { OperatorOf } from './operator';

/** `/api/ops/stations` (docs/operations.md). */
export function stationsRoutes(deps: { stations: StationsService; operator: OperatorOf }): Router {
  const r = Router();
  r.get('/ops/stations', async (req, res) => {
    await deps.operator(req);
    res.json(await deps.stations.list());
  });
  r.post('/ops/stations', async (req, res) => {
    const body = parse(stationCreateSchema, req.body);
    const actor = await deps.operator(req);
    res.status(201).json(await deps.stations.create(actor, body));
  });
  r.patch('/ops/stations/:code', async (req, res) => {
    const code = parse(stationCodeInput, req.params.code);
    const body = parse(stationPatchSchema, req.body);
    const actor = await deps.operator(req);
    res.json(await deps.stations.rename(actor, code, body.name));
  });
  r.delete('/ops/stations/:code', async (req, res) => {
    const code = parse(stationCodeInput, req.params.code);
    const actor = await deps.operator(req);
    await deps.stations.remove(actor, code);
    res.status(204).end();
  });
  return r;
}
