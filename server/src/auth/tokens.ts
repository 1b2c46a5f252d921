import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '@fastpass/shared';

export interface Principal {
  userId: string;
  role: Role;
  name: string;
  /**
   * The verified identity seat allowances are counted by (`ph:<sha256 of the phone>`, shared by every
   * account that verified that phone); absent for an unverified account, which is counted by its id.
   */
  identity?: string;
  /** When the token was issued (seconds since the epoch): operator actions refuse tokens issued before a revocation. */
  issuedAt?: number;
}

/** The key `MAX_SEATS_PER_USER` is counted by: the verified identity, else the account. */
export const capKeyOf = (p: Principal): string => p.identity ?? p.userId;

const TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Stateless HMAC tokens (`<payload b64url>.<sig b64url>`): a socket or request is authenticated without a
 * database round trip, which matters when a whole country connects at 08:00.
 */
export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(p: Principal, nowSec = Math.floor(Date.now() / 1000)): string {
    const body = {
      sub: p.userId,
      role: p.role,
      name: p.name,
      ...(p.identity ? { idn: p.identity } : {}),
      iat: nowSec,
      exp: nowSec + TOKEN_TTL_SECONDS,
    };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  verify(token: unknown, nowSec = Math.floor(Date.now() / 1000)): Principal | null {
    if (typeof token !== 'string' || token.length > 2048) return null;
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (typeof body.sub !== 'string' || typeof body.exp !== 'number' || body.exp < nowSec) return null;
      if (typeof body.iat === 'number' && body.iat > nowSec + 60) return null;
      const role = body.role === 'operator' ? 'operator' : 'passenger';
      const p: Principal = {
        userId: body.sub,
        role,
        name: typeof body.name === 'string' ? body.name : '',
      };
      // Tokens from before `iat` existed stay valid for passengers; operator actions refuse them.
      if (typeof body.iat === 'number') p.issuedAt = body.iat;
      if (typeof body.idn === 'string') p.identity = body.idn;
      return p;
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** `Authorization: Bearer <token>` → token. */
export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1];
}
