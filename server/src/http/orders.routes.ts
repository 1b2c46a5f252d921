import { ErrorCode, idSchema, idempotencyKeySchema, orderRequestSchema } from '@fastpass/shared';
import { Router } from 'express';
import type { TokenSigner } from '../auth/tokens';
import { AppError } from '../errors';
import type { RateLimiter } from '../infra/rate-limit';
import type { OrderService } from '../orders/order.service';
import { authenticate, parse } from './middleware';

export function orderRoutes(deps: {
  orders: OrderService;
  tokens: TokenSigner;
  limiter: RateLimiter;
}): Router {
  const r = Router();
  r.post('/orders', async (req, res) => {
    const body = parse(orderRequestSchema, req.body);
    const key = req.header('Idempotency-Key');
    if (!idempotencyKeySchema.safeParse(key).success) {
      throw new AppError(ErrorCode.VALIDATION, 'Idempotency-Key: header required (1..128 characters)');
    }
    const user = authenticate(deps.tokens, req);
    await deps.limiter.consume(user.userId);
    res.status(201).json({ order: await deps.orders.purchase(user, key!, body) });
  });
  r.get('/orders', async (req, res) => {
    res.json(await deps.orders.list(authenticate(deps.tokens, req)));
  });
  r.post('/orders/:orderId/cancel', async (req, res) => {
    const orderId = parse(idSchema, req.params.orderId);
    const user = authenticate(deps.tokens, req);
    res.json({ order: await deps.orders.cancel(user, orderId) });
  });
  return r;
}
