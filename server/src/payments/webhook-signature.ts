import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookRejected } from './provider';

export const SIGNATURE_HEADER = 'fastpass-signature';
/** A signed webhook older (or newer) than this is refused, so a captured one cannot be replayed later. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

const mac = (secret: string, t: number, body: string) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, the scheme of the common gateways. */
export function signWebhook(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

export function verifyWebhook(secret: string, body: string, header: string | undefined, nowMs: number) {
  if (!header) throw new WebhookRejected('missing signature');
  const parts = Object.fromEntries(
    header.split(',').map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) throw new WebhookRejected('malformed signature');
  if (Math.abs(nowMs - t * 1000) > WEBHOOK_TOLERANCE_MS) throw new WebhookRejected('stale timestamp');
  const want = Buffer.from(mac(secret, t, body), 'hex');
  const got = Buffer.from(parts.v1, 'hex');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new WebhookRejected('bad signature');
}
