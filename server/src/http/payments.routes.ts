import { ErrorCode, idSchema } from '@fastpass/shared';
import express, { Router } from 'express';
import { z } from 'zod/v4';
import type { AuthService } from '../auth/auth.service';
import type { TokenSigner } from '../auth/tokens';
import { AppError, notFound } from '../errors';
import type { OrderService } from '../orders/order.service';
import type { PaymentService } from '../payments/payment.service';
import { SANDBOX_OUTCOMES, type SandboxProvider } from '../payments/sandbox-provider';
import { authenticate, parse } from './middleware';

const refSchema = z.string().regex(/^sbx_[0-9a-f]{24}$/, 'not a sandbox payment reference');
const outcomeSchema = z.object({ outcome: z.enum(SANDBOX_OUTCOMES) });

function on<T>(service: T | null): T {
  if (!service) throw notFound('payments (PAYMENTS=off)');
  return service;
}

/** Provider webhooks: the raw body is what was signed, so this router parses it itself (before JSON). */
export function paymentWebhookRoutes(deps: { payments: PaymentService | null }): Router {
  const r = Router();
  r.post('/payments/webhook/:provider', express.text({ type: '*/*', limit: '64kb' }), async (req, res) => {
    const payments = on(deps.payments);
    if (req.params.provider !== payments.providerName) throw notFound('payment provider');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v ?? '')]));
    await payments.handleWebhook(typeof req.body === 'string' ? req.body : '', headers);
    res.json({ received: true });
  });
  return r;
}

/** The sandbox gateway's hosted-page API, and cash at the counter. */
export function paymentRoutes(deps: {
  payments: PaymentService | null;
  sandbox: SandboxProvider | null;
  orders: OrderService;
  tokens: TokenSigner;
  auth: AuthService;
}): Router {
  const r = Router();
  // The reference is the capability, as with a gateway's payment link.
  r.get('/payments/sandbox/:ref', async (req, res) => {
    const ref = parse(refSchema, req.params.ref);
    res.json(
      await on(deps.sandbox)
        .page(ref)
        .catch(() => Promise.reject(notFound('payment'))),
    );
  });
  r.post('/payments/sandbox/:ref/complete', async (req, res) => {
    const ref = parse(refSchema, req.params.ref);
    const { outcome } = parse(outcomeSchema, req.body);
    const sandbox = on(deps.sandbox);
    await sandbox.page(ref).catch(() => Promise.reject(notFound('payment')));
    res.json({ status: await sandbox.complete(ref, outcome) });
  });
  r.post('/orders/:orderId/pay-cash', async (req, res) => {
    const orderId = parse(idSchema, req.params.orderId);
    const staff = authenticate(deps.tokens, req);
    await deps.auth.assertRole(staff, ['staff', 'kiosk'], 'counter staff or kiosks only');
    const payments = deps.payments;
    if (!payments) throw new AppError(ErrorCode.VALIDATION, 'orders are confirmed at once (PAYMENTS=off)');
    await payments.confirmCash(orderId, staff);
    res.json({ order: await deps.orders.view(orderId) });
  });
  return r;
}
