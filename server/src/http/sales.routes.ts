import { randomBytes } from 'node:crypto';
import { ErrorCode, type SaleDetails, idSchema, saleCreateSchema, salePatchSchema } from '@fastpass/shared';
import { type Request, Router } from 'express';
import type { TokenSigner } from '../auth/tokens';
import { AppError } from '../errors';
import type { SaleRecord } from '../sales/sale';
import type { SaleService } from '../sales/sale.service';
import type { SalePatch } from '../sales/sales.repo';
import { authenticate, parse } from './middleware';

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** Sales: anyone may read them (the waiting room and search show them); operators create and run them. */
export function salesRoutes(deps: {
  tokens: TokenSigner;
  sales: SaleService;
  operator?: (req: Request) => Promise<unknown>;
}): Router {
  const r = Router();
  const details = (s: SaleRecord): SaleDetails => ({
    ...deps.sales.view(s),
    tripIds: deps.sales.tripsOf(s.id),
    admitPerMinute: s.admitPerMinute,
    admissionMinutes: s.admissionMinutes,
  });
  const requireOperator = async (req: Request) => {
    if (deps.operator) return deps.operator(req);
    const user = authenticate(deps.tokens, req);
    if (user.role !== 'operator') throw new AppError(ErrorCode.FORBIDDEN, 'operators only');
  };

  r.get('/sales', async (_req, res) => {
    res.json((await deps.sales.list()).map(details));
  });
  r.get('/sales/:saleId', async (req, res) => {
    res.json(details(await deps.sales.get(parse(idSchema, req.params.saleId))));
  });
  r.post('/ops/sales', async (req, res) => {
    const body = parse(saleCreateSchema, req.body);
    await requireOperator(req);
    const sale = await deps.sales.create({
      id: body.id ?? `sale-${randomBytes(4).toString('hex')}`,
      name: body.name,
      tripIds: body.tripIds,
      opensAt: ms(body.opensAt),
      closesAt: ms(body.closesAt),
      queue: body.queue,
      verifiedOnly: body.verifiedOnly,
      admitPerMinute: body.admitPerMinute,
      admissionMinutes: body.admissionMinutes,
    });
    res.status(201).json(details(sale));
  });
  r.patch('/ops/sales/:saleId', async (req, res) => {
    const id = parse(idSchema, req.params.saleId);
    const body = parse(salePatchSchema, req.body);
    await requireOperator(req);
    const current = await deps.sales.get(id);
    const { state, opensAt, closesAt, ...rest } = body;
    const patch: SalePatch = { ...rest };
    if (opensAt !== undefined) patch.opensAt = ms(opensAt);
    if (closesAt !== undefined) patch.closesAt = ms(closesAt);
    if (state === 'paused') patch.status = 'paused';
    if (state === 'closed') patch.status = 'closed';
    if (state === 'open') {
      // Opens now: resumes a paused sale, re-opens a closed one, or brings an upcoming opening forward.
      patch.status = 'scheduled';
      const now = Date.now();
      const opens = patch.opensAt !== undefined ? patch.opensAt : current.opensAt;
      if (opens !== null && opens > now) patch.opensAt = now;
      const closes = patch.closesAt !== undefined ? patch.closesAt : current.closesAt;
      if (closes !== null && closes <= now) patch.closesAt = null;
    }
    res.json(details(await deps.sales.update(id, patch)));
  });
  return r;
}
