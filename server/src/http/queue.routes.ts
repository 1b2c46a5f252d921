import { idSchema } from '@fastpass/shared';
import { Router } from 'express';
import type { TokenSigner } from '../auth/tokens';
import type { RateLimiter } from '../infra/rate-limit';
import type { QueueService } from '../sales/queue/queue.service';
import { authenticate, parse } from './middleware';

/** REST twin of `queue:join` (kiosks, polling clients) and the public lottery record of a sale. */
export function queueRoutes(deps: {
  queue: QueueService;
  tokens: TokenSigner;
  limiter: RateLimiter;
}): Router {
  const r = Router();
  r.post('/queue/:tripId', async (req, res) => {
    const tripId = parse(idSchema, req.params.tripId);
    const user = authenticate(deps.tokens, req);
    await deps.limiter.consume(user.userId);
    res.json(await deps.queue.join(user, tripId));
  });
  r.get('/sales/:saleId/lottery', async (req, res) => {
    res.json(await deps.queue.lottery(parse(idSchema, req.params.saleId)));
  });
  return r;
}
