import { type OpsTripsResponse, opsTripsQuerySchema, zonedDate } from '@fastpass/shared';
import { Router } from 'express';
import type { AuthService } from '../auth/auth.service';
import type { TokenSigner } from '../auth/tokens';
import type { CatalogService } from '../catalog/catalog.service';
import type { TripFigures } from '../ops/trip-figures';
import { authenticate, parse } from './middleware';

/** Operator-only figures (an extension, docs/contract-extensions.md). */
export function opsRoutes(deps: {
  tokens: TokenSigner;
  auth: AuthService;
  catalog: CatalogService;
  tripFigures: TripFigures;
  config: { timeZone: string };
}): Router {
  const r = Router();
  r.get('/ops/trips', async (req, res) => {
    const q = parse(opsTripsQuerySchema, req.query);
    const user = authenticate(deps.tokens, req);
    await deps.auth.assertOperator(user);
    const ids = await deps.catalog.tripIdsOn(q.date ?? zonedDate(deps.config.timeZone));
    const body: OpsTripsResponse = await deps.tripFigures.figures(ids);
    res.json(body);
  });
  return r;
}
