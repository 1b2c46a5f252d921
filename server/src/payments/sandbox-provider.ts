import { randomBytes } from 'node:crypto';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import {
  type NewIntent,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderStatus,
  WebhookRejected,
} from './provider';
import { SIGNATURE_HEADER, signWebhook, verifyWebhook } from './webhook-signature';

/** What a developer can choose on the sandbox's hosted page. */
export const SANDBOX_OUTCOMES = ['pay', 'fail', 'cancel', 'slow'] as const;
export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number];

type GatewayStatus = 'requires_payment' | 'processing' | 'captured' | 'failed' | 'cancelled' | 'refunded';

interface SandboxRow {
  id: string;
  reference: string;
  amount_minor: number;
  refunded_minor: number;
  currency: string;
  description: string;
  status: GatewayStatus;
  outcome: SandboxOutcome | null;
  settle_at: Date | null;
  return_url: string;
}

export interface SandboxOptions {
  webhookSecret: string;
  /** How long after the payer's choice the webhook is sent (a real gateway is never instant). */
  webhookDelayMs: number;
  /** How long a "slow" payment stays processing before it captures. */
  slowMs: number;
  /** Delivers a signed webhook (raw body + headers) to the server's webhook endpoint. */
  deliver: (rawBody: string, headers: Record<string, string>) => Promise<void>;
  log: Logger;
}

const providerStatus = (s: GatewayStatus): ProviderStatus =>
  s === 'requires_payment' || s === 'processing' ? 'pending' : s;

/**
 * A payment gateway that never moves money: its books are the `sandbox_payments` table, its hosted
 * page is `/pay/sandbox/<ref>` in the app, and it notifies the server by signed webhooks, delivered
 * asynchronously and retried like a real gateway's. A settled status is durable (settle_at), so a
 * status query tells the truth even if the webhook is lost with a crashed process.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: Db,
    private readonly opts: SandboxOptions,
  ) {}

  async createIntent(i: NewIntent): Promise<{ ref: string; redirectUrl: string }> {
    const ref = `sbx_${randomBytes(12).toString('hex')}`;
    await this.db('sandbox_payments').insert({
      id: ref,
      reference: i.reference,
      amount_minor: i.amountMinor,
      currency: i.currency,
      description: i.description.slice(0, 200),
      status: 'requires_payment',
      return_url: i.returnUrl,
    });
    return { ref, redirectUrl: `/pay/sandbox/${ref}` };
  }

  async status(ref: string): Promise<ProviderPayment> {
    await this.db('sandbox_payments')
      .where({ id: ref, status: 'processing' })
      .where('settle_at', '<=', this.db.fn.now())
      .update({ status: 'captured' });
    return this.view(await this.row(ref));
  }

  async cancel(ref: string): Promise<ProviderPayment> {
    await this.db('sandbox_payments')
      .where({ id: ref, status: 'requires_payment' })
      .update({ status: 'cancelled' });
    return this.status(ref);
  }

  async refund(ref: string, amountMinor: number, key: string): Promise<{ refundRef: string }> {
    const refundRef = `sbr_${key}`;
    await this.db.transaction(async (tx) => {
      const row = await tx<SandboxRow>('sandbox_payments').where({ id: ref }).forUpdate().first();
      if (!row || (row.status !== 'captured' && row.status !== 'refunded'))
        throw new Error(`sandbox: payment ${ref} is not captured`);
      // One refund per key: a retried refund finds its event and changes nothing.
      const seen = await tx('payment_events')
        .where({ event_id: `sbx-refund-${key}` })
        .first();
      if (seen) return;
      const refunded = Math.min(row.amount_minor, row.refunded_minor + amountMinor);
      await tx('sandbox_payments')
        .where({ id: ref })
        .update({ refunded_minor: refunded, status: refunded >= row.amount_minor ? 'refunded' : 'captured' });
      await tx('payment_events').insert({
        event_id: `sbx-refund-${key}`,
        provider_ref: ref,
        type: 'sandbox.refund',
      });
    });
    this.schedule(ref, 'refund.succeeded', this.opts.webhookDelayMs);
    return { refundRef };
  }

  parseWebhook(rawBody: string, headers: Record<string, string | undefined>, nowMs: number) {
    verifyWebhook(this.opts.webhookSecret, rawBody, headers[SIGNATURE_HEADER], nowMs);
    let event: { id?: unknown; type?: unknown; created?: unknown; data?: { ref?: unknown } };
    try {
      event = JSON.parse(rawBody);
    } catch {
      throw new WebhookRejected('body is not JSON');
    }
    const { id, type, created, data } = event;
    if (typeof id !== 'string' || typeof type !== 'string' || typeof data?.ref !== 'string')
      throw new WebhookRejected('not an event');
    return { id, type, ref: data.ref, createdMs: Number(created) * 1000 };
  }

  // ---- the gateway's own side: its hosted page ----

  async page(ref: string) {
    const row = await this.row(ref);
    return {
      ref,
      reference: row.reference,
      amount: row.amount_minor,
      currency: row.currency,
      description: row.description,
      status: providerStatus(row.status),
      returnUrl: row.return_url,
    };
  }

  /** The payer's choice on the hosted page. Only an unpaid intent can be completed. */
  async complete(ref: string, outcome: SandboxOutcome): Promise<ProviderStatus> {
    const next: Record<SandboxOutcome, GatewayStatus> = {
      pay: 'captured',
      fail: 'failed',
      cancel: 'cancelled',
      slow: 'processing',
    };
    const changed = await this.db('sandbox_payments')
      .where({ id: ref, status: 'requires_payment' })
      .update({
        status: next[outcome],
        outcome,
        ...(outcome === 'slow' ? { settle_at: new Date(Date.now() + this.opts.slowMs) } : {}),
      });
    if (changed > 0) {
      const type =
        outcome === 'pay'
          ? 'payment.captured'
          : outcome === 'slow'
            ? 'payment.captured'
            : `payment.${next[outcome]}`;
      this.schedule(ref, type, outcome === 'slow' ? this.opts.slowMs : this.opts.webhookDelayMs);
    }
    return (await this.status(ref)).status;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** One event, sent after `delayMs` and re-sent (same id, fresh signature) while the server refuses it. */
  private schedule(ref: string, type: string, delayMs: number): void {
    const body = JSON.stringify({
      id: `evt_${randomBytes(10).toString('hex')}`,
      type,
      created: Math.floor(Date.now() / 1000),
      data: { ref },
    });
    const send = (attempt: number, delay: number) => {
      const timer = setTimeout(async () => {
        this.timers.delete(timer);
        try {
          const signature = signWebhook(this.opts.webhookSecret, body, Date.now());
          await this.opts.deliver(body, { [SIGNATURE_HEADER]: signature });
        } catch (err) {
          // Like a real gateway: retried with backoff, then given up (the status query still knows).
          if (attempt < 5) send(attempt + 1, 500 * 2 ** attempt);
          else this.opts.log.warn({ err: String(err), ref }, 'sandbox webhook given up');
        }
      }, delay);
      timer.unref();
      this.timers.add(timer);
    };
    send(0, delayMs);
  }

  private async row(ref: string): Promise<SandboxRow> {
    const row = await this.db<SandboxRow>('sandbox_payments').where({ id: ref }).first();
    if (!row) throw new Error(`sandbox: no payment ${ref}`);
    return row;
  }

  private view(row: SandboxRow): ProviderPayment {
    return {
      ref: row.id,
      reference: row.reference,
      status: providerStatus(row.status),
      amountMinor: row.amount_minor,
      refundedMinor: row.refunded_minor,
      currency: row.currency,
    };
  }
}
