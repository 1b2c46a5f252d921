import type { EffectsSink } from '../booking/effects';
import type { HoldStore } from '../booking/hold-store';
import type { HoldService } from '../booking/hold.service';
import type { Config } from '../config';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { CacheOutbox } from '../orders/cache-outbox';
import { PaymentService } from './payment.service';
import { webhookSecretOf } from './payments.config';
import { PaymentReconciler } from './reconciler';
import { SandboxProvider } from './sandbox-provider';

/** The payment provider PAYMENTS names, the service over it and its reconciler; nothing when off. */
export function buildPayments(
  config: Config,
  parts: {
    db: Db;
    holds: HoldService;
    store: () => HoldStore;
    sink: EffectsSink;
    outbox: CacheOutbox;
    log: Logger;
    onConfirmed?: (orderId: string) => void;
  },
) {
  if (config.payments === 'off') return { payments: null, sandbox: null, reconciler: null };
  if (!config.authSecret) throw new Error('no AUTH_SECRET: resolve one before building the server');
  if (config.production)
    parts.log.warn(
      'PAYMENTS=sandbox in production: anyone can "pay" on the sandbox page; plug a real provider in or set PAYMENTS=off',
    );
  // The sandbox gateway notifies in-process, through the same verification a posted webhook gets.
  const sandbox: SandboxProvider = new SandboxProvider(parts.db, {
    webhookSecret: webhookSecretOf(config, config.authSecret),
    webhookDelayMs: config.sandboxWebhookDelayMs,
    slowMs: config.sandboxSlowMs,
    deliver: (raw, headers) => payments.handleWebhook(raw, headers),
    log: parts.log,
  });
  const payments: PaymentService = new PaymentService({ ...parts, provider: sandbox });
  const reconciler = new PaymentReconciler(payments, {
    intervalMs: config.reconcileIntervalMs,
    afterMs: config.reconcileAfterMs,
    log: parts.log,
  });
  return { payments, sandbox, reconciler };
}
