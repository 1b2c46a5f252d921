import { createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { TicketClaims } from '@fastpass/shared';
import { CompactSign, type JWK, compactVerify } from 'jose';

const ALG = 'EdDSA';
// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Signs ticket QR tokens (compact JWS, Ed25519). The key comes from TICKET_SIGNING_SEED (32 bytes,
 * base64url) or is derived from AUTH_SECRET, so every instance signs alike; the public half is
 * published as a JWKS for gates that verify offline.
 */
export class TicketSigner {
  private readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
  readonly kid: string;

  constructor(seed: Buffer) {
    if (seed.length !== 32) throw new Error('the ticket signing seed must be 32 bytes');
    this.privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' }) as JWK;
    this.kid = createHmac('sha256', 'fastpass ticket key id')
      .update(jwk.x ?? '')
      .digest('base64url')
      .slice(0, 12);
    this.publicJwk = { ...jwk, kid: this.kid, alg: ALG, use: 'sig' };
  }

  static fromSecret(authSecret: string, seed?: string): TicketSigner {
    return new TicketSigner(
      seed
        ? Buffer.from(seed, 'base64url')
        : createHmac('sha256', authSecret).update('fastpass ticket signing key').digest(),
    );
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** Ed25519 signatures are deterministic: the same ticket always gets the same QR. */
  sign(claims: TicketClaims): Promise<string> {
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: ALG, kid: this.kid, typ: 'fastpass-ticket' })
      .sign(this.privateKey);
  }

  /** The claims of a token this server signed, or null for anything forged, altered or malformed. */
  async verify(token: string): Promise<TicketClaims | null> {
    try {
      const { payload } = await compactVerify(token, createPublicKey(this.privateKey), { algorithms: [ALG] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as TicketClaims;
      return claims.v === 1 && typeof claims.order === 'string' && typeof claims.seat === 'string'
        ? claims
        : null;
    } catch {
      return null;
    }
  }
}
