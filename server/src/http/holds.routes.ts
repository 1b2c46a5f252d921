import { holdRequestSchema, idSchema } from '@fastpass/shared';
import { Router } from 'express';
import type { TokenSigner } from '../auth/tokens';
import type { HoldService } from '../booking/hold.service';
import type { MyHoldsRepo } from '../booking/postgres/my-holds.repo';
import type { RateLimiter } from '../infra/rate-limit';
import { authenticate, parse } from './middleware';

/** REST mirror of `seat:hold`, `seat:release` and `hold:extend`, and the list of my live holds. */
export function holdRoutes(deps: {
  holds: HoldService;
  myHolds: MyHoldsRepo;
  limiter: RateLimiter;
  tokens: TokenSigner;
}): Router {
  const r = Router();
  r.get('/holds', async (req, res) => {
    const user = authenticate(deps.tokens, req);
    res.json(await deps.myHolds.live(user.userId));
  });
  r.post('/trips/:tripId/holds', async (req, res) => {
    const tripId = parse(idSchema, req.params.tripId);
    const body = parse(holdRequestSchema, req.body);
    const user = authenticate(deps.tokens, req);
    await deps.limiter.consume(user.userId);
    res.status(201).json(await deps.holds.hold(user, tripId, body));
  });
  r.delete('/holds/:holdId', async (req, res) => {
    const holdId = parse(idSchema, req.params.holdId);
    const user = authenticate(deps.tokens, req);
    await deps.limiter.consume(user.userId);
    await deps.holds.release(user, holdId);
    res.status(204).end();
  });
  r.post('/holds/:holdId/extend', async (req, res) => {
    const holdId = parse(idSchema, req.params.holdId);
    const user = authenticate(deps.tokens, req);
    await deps.limiter.consume(user.userId);
    res.json(await deps.holds.extend(user, holdId));
  });
  return r;
}
