import {
  auditQuerySchema,
  generateSchema,
  scheduleCreateSchema,
  schedulePatchSchema,
} from '@fastpass/shared';
import { Router } from 'express';
import { z } from 'zod/v4';
import { parse } from '../../http/middleware';
import type { AuditLog } from '../audit';
import type { SchedulesService } from '../schedules.service';
import type { OperatorOf } from './operator';

const scheduleId = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

/** `/api/ops/schedules` and the audit log (docs/operations.md). */
export function schedulesRoutes(deps: {
  schedules: SchedulesService;
  audit: AuditLog;
  operator: OperatorOf;
}): Router {
  const r = Router();
  r.get('/ops/schedules', async (req, res) => {
    await deps.operator(req);
    res.json(await deps.schedules.list());
  });
  r.post('/ops/schedules', async (req, res) => {
    const body = parse(scheduleCreateSchema, req.body);
    const actor = await deps.operator(req);
    res.status(201).json(await deps.schedules.create(actor, body));
  });
  r.patch('/ops/schedules/:id', async (req, res) => {
    const id = parse(scheduleId, req.params.id);
    const body = parse(schedulePatchSchema, req.body);
    const actor = await deps.operator(req);
    res.json(await deps.schedules.update(actor, id, body));
  });
  r.delete('/ops/schedules/:id', async (req, res) => {
    const id = parse(scheduleId, req.params.id);
    const actor = await deps.operator(req);
    await deps.schedules.remove(actor, id);
    res.status(204).end();
  });
  r.get('/ops/audit', async (req, res) => {
    const q = parse(auditQuerySchema, req.query);
    await deps.operator(req);
    res.json(await deps.audit.list(q));
  });
  return r;
}
