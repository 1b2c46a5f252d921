import {
  inviteAcceptSchema,
  kioskCreateSchema,
  kioskLoginSchema,
  staffInviteSchema,
  staffRoleSchema,
} from '@fastpass/shared';
import { Router } from 'express';
import { z } from 'zod/v4';
import { parse } from '../../http/middleware';
import type { StaffService } from '../staff.service';
import type { OperatorOf } from './operator';

const userId = z.string().uuid('a user id');
const kioskId = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

/** Staff and kiosks (docs/operations.md): operators manage them; invitees and devices sign in. */
export function staffRoutes(deps: { staff: StaffService; operator: OperatorOf }): Router {
  const r = Router();
  r.get('/ops/staff', async (req, res) => {
    await deps.operator(req);
    res.json(await deps.staff.list());
  });
  r.post('/ops/staff', async (req, res) => {
    const body = parse(staffInviteSchema, req.body);
    const actor = await deps.operator(req);
    res.status(201).json(await deps.staff.invite(actor, body));
  });
  r.patch('/ops/staff/:userId', async (req, res) => {
    const id = parse(userId, req.params.userId);
    const body = parse(staffRoleSchema, req.body);
    const actor = await deps.operator(req);
    await deps.staff.setRole(actor, id, body.role);
    res.status(204).end();
  });
  r.post('/ops/kiosks', async (req, res) => {
    const body = parse(kioskCreateSchema, req.body);
    const actor = await deps.operator(req);
    res.status(201).json(await deps.staff.registerKiosk(actor, body));
  });
  r.delete('/ops/kiosks/:id', async (req, res) => {
    const id = parse(kioskId, req.params.id);
    const actor = await deps.operator(req);
    await deps.staff.revokeKiosk(actor, id);
    res.status(204).end();
  });
  // No operator here: the invitation token or the device token is the credential.
  r.post('/staff/accept', async (req, res) => {
    const body = parse(inviteAcceptSchema, req.body);
    res.json(await deps.staff.accept(body.token, body.password));
  });
  r.post('/auth/kiosk', async (req, res) => {
    const body = parse(kioskLoginSchema, req.body);
    res.json(await deps.staff.kioskLogin(body.deviceToken));
  });
  return r;
}
