import { createHmac } from 'node:crypto';
import { z } from 'zod/v4';
import { DEFAULT_FEE_SCHEDULE, type FeeTier, parseFeeSchedule } from '../orders/refund-rules';

/** Payment settings (docs/payments.md), parsed beside the rest of config.ts. */
export const paymentsEnv = {
  PAYMENTS: z.enum(['sandbox', 'off']).default('sandbox'),
  PAYMENT_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(120),
  PAYMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
  PAYMENT_SANDBOX_WEBHOOK_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(300),
  PAYMENT_SANDBOX_SLOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  PAYMENT_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  PAYMENT_RECONCILE_AFTER_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  REFUND_FEE_SCHEDULE: z.string().default(DEFAULT_FEE_SCHEDULE),
  CACHE_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** 32 bytes, base64url: the Ed25519 seed of ticket QR signatures (default: derived from AUTH_SECRET). */
  TICKET_SIGNING_SEED: z
    .string()
    .refine((v) => Buffer.from(v, 'base64url').length === 32, 'must be 32 bytes, base64url')
    .optional(),
};

export interface PaymentsConfig {
  payments: 'sandbox' | 'off';
  paymentGraceMs: number;
  /** Absent: derived from AUTH_SECRET (every instance sharing the secret agrees). */
  paymentWebhookSecret: string | undefined;
  sandboxWebhookDelayMs: number;
  sandboxSlowMs: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  feeSchedule: FeeTier[];
  cacheOutboxIntervalMs: number;
  ticketSigningSeed: string | undefined;
}

type Parsed = z.output<z.ZodObject<typeof paymentsEnv>>;

export function paymentsConfig(e: Parsed): PaymentsConfig {
  return {
    payments: e.PAYMENTS,
    paymentGraceMs: Math.round(e.PAYMENT_GRACE_SECONDS * 1000),
    paymentWebhookSecret: e.PAYMENT_WEBHOOK_SECRET,
    sandboxWebhookDelayMs: e.PAYMENT_SANDBOX_WEBHOOK_DELAY_MS,
    sandboxSlowMs: e.PAYMENT_SANDBOX_SLOW_MS,
    reconcileIntervalMs: e.PAYMENT_RECONCILE_INTERVAL_MS,
    reconcileAfterMs: e.PAYMENT_RECONCILE_AFTER_MS,
    feeSchedule: parseFeeSchedule(e.REFUND_FEE_SCHEDULE),
    cacheOutboxIntervalMs: e.CACHE_OUTBOX_INTERVAL_MS,
    ticketSigningSeed: e.TICKET_SIGNING_SEED,
  };
}

export const webhookSecretOf = (c: PaymentsConfig, authSecret: string) =>
  c.paymentWebhookSecret ??
  createHmac('sha256', authSecret).update('fastpass sandbox webhooks').digest('hex');
