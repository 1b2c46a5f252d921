import { classInput, coachTypeSchema } from '@fastpass/shared';
import { Router } from 'express';
import { parse } from '../../http/middleware';
import type { LayoutsService } from '../layouts.service';
import type { OperatorOf } from './operator';

/** `/api/ops/coach-types`: reusable coach layouts (docs/operations.md). */
export function layoutsRoutes(deps: { layouts: LayoutsService; operator: OperatorOf }): Router {
  const r = Router();
  r.get('/ops/coach-types', async (req, res) => {
    await deps.operator(req);
    res.json(await deps.layouts.types());
  });
  r.post('/ops/coach-types', async (req, res) => {
    const body = parse(coachTypeSchema, req.body);
    const actor = await deps.operator(req);
    res.status(201).json(await deps.layouts.saveType(actor, body, 'create'));
  });
  r.put('/ops/coach-types/:code', async (req, res) => {
    const code = parse(classInput, req.params.code);
    const body = parse(coachTypeSchema, { ...req.body, code });
    const actor = await deps.operator(req);
    res.json(await deps.layouts.saveType(actor, body, 'replace'));
  });
  r.delete('/ops/coach-types/:code', async (req, res) => {
    const code = parse(classInput, req.params.code);
    const actor = await deps.operator(req);
    await deps.layouts.removeType(actor, code);
    res.status(204).end();
  });
  return r;
}
