import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { IdentityConfig } from './identity.config';

/** Sends one text message to an E.164 number. A failure rejects; the caller answers UNAVAILABLE. */
export interface SmsProvider {
  readonly name: 'sandbox' | 'webhook';
  send(to: string, body: string): Promise<void>;
}

export interface SandboxMessage {
  to: string;
  body: string;
  sentAt: string;
}

/**
 * Sends nothing: writes each message to the server log and to an outbox table every instance shares, which
 * developers read at `GET /api/dev/sms` (and the app's /dev/sms page). Refused in production unless allowed.
 */
export class SandboxSmsProvider implements SmsProvider {
  readonly name = 'sandbox';

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  async send(to: string, body: string): Promise<void> {
    this.log.info({ to, body }, 'sandbox SMS (not sent)');
    await this.db('sandbox_sms').insert({ phone: to, body });
  }

  /** Newest first; the last hour, at most 20 (a phone's codes, or everything when `to` is absent). */
  async outbox(to?: string): Promise<SandboxMessage[]> {
    const q = this.db('sandbox_sms')
      .where('sent_at', '>', this.db.raw("now() - interval '1 hour'"))
      .orderBy('id', 'desc')
      .limit(20);
    if (to) q.where({ phone: to });
    const rows: { phone: string; body: string; sent_at: Date }[] = await q;
    return rows.map((r) => ({ to: r.phone, body: r.body, sentAt: r.sent_at.toISOString() }));
  }
}

/**
 * A real gateway behind a small HTTP hook: `POST SMS_WEBHOOK_URL { to, body }` with
 * `Authorization: Bearer SMS_WEBHOOK_TOKEN`; any 2xx is sent. Adapters for a specific aggregator live
 * behind that URL, so the server needs no vendor SDK.
 */
export class WebhookSmsProvider implements SmsProvider {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}

  async send(to: string, body: string): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ to, body }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`SMS webhook answered ${res.status}`);
  }
}

export function createSmsProvider(sms: IdentityConfig['sms'], db: Db, log: Logger): SmsProvider | null {
  if (sms.provider === 'sandbox') return new SandboxSmsProvider(db, log);
  if (sms.provider === 'webhook' && sms.webhookUrl)
    return new WebhookSmsProvider(sms.webhookUrl, sms.webhookToken);
  return null;
}
