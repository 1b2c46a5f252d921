/**
 * What FastPass needs of a payment gateway. The sandbox provider (sandbox-provider.ts) implements it
 * the way a real one would (bKash, SSLCommerz, a card acquirer): an intent with a hosted page, an
 * asynchronous signed webhook, a status query, void and refund. Nothing else in the server knows
 * which provider answers.
 */
export type ProviderStatus = 'pending' | 'captured' | 'failed' | 'cancelled' | 'refunded';

export interface ProviderPayment {
  ref: string;
  /** Our order id, as given at creation. */
  reference: string;
  status: ProviderStatus;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
}

export interface NewIntent {
  reference: string;
  amountMinor: number;
  currency: string;
  description: string;
  /** Where the hosted page sends the payer back (app path, the order id appended by the app). */
  returnUrl: string;
}

/** A verified webhook notification. Its content is a hint: the service asks `status` for the truth. */
export interface WebhookEvent {
  id: string;
  type: string;
  ref: string;
  createdMs: number;
}

export class WebhookRejected extends Error {}

export interface PaymentProvider {
  readonly name: string;
  createIntent(intent: NewIntent): Promise<{ ref: string; redirectUrl: string }>;
  status(ref: string): Promise<ProviderPayment>;
  /** Voids an unpaid intent; answers the resulting state (still captured if the payer was faster). */
  cancel(ref: string): Promise<ProviderPayment>;
  /** Sends money back; `key` makes a retried refund a no-op at the provider. */
  refund(ref: string, amountMinor: number, key: string): Promise<{ refundRef: string }>;
  /** Checks signature, timestamp and shape; throws WebhookRejected. Replays are the caller's to spot. */
  parseWebhook(rawBody: string, headers: Record<string, string | undefined>, nowMs: number): WebhookEvent;
}
