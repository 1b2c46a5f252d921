import {
  ErrorCode,
  cancelRequestSchema,
  idSchema,
  idempotencyKeySchema,
  orderRequestSchema,
} from '@fastpass/shared';
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
  r.get('/orders/:orderId', async (req, res) => {
    const orderId = parse(idSchema, req.params.orderId);
    res.json({ order: await deps.orders.get(authenticate(deps.tokens, req), orderId) });
  });
  r.post('/orders/:orderId/cancel', async (req, res) => {
    const orderId = parse(idSchema, req.params.orderId);
    const body = parse(cancelRequestSchema, req.body ?? {});
    const user = authenticate(deps.tokens, req);
    res.json({ order: await deps.orders.cancel(user, orderId, body.seatIds) });
  });
  return r;
}
