import type { TicketClaims } from '@fastpass/shared';
import { type JWK, compactVerify, importJWK } from 'jose';

const KEYS_CACHE = 'fastpass.gate.jwks';

/** The ticket keys, cached so the gate keeps verifying signatures without a network. */
export async function ticketKeys(fetchKeys: () => Promise<{ keys: JsonWebKey[] }>): Promise<JWK[]> {
  try {
    const fresh = await fetchKeys();
    window.localStorage.setItem(KEYS_CACHE, JSON.stringify(fresh.keys));
    return fresh.keys as JWK[];
  } catch {
    const cached = window.localStorage.getItem(KEYS_CACHE);
    return cached ? (JSON.parse(cached) as JWK[]) : [];
  }
}

export const looksLikeToken = (text: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(text.trim());

/** The claims of a QR token signed by one of `keys`, or null (forged, altered, or unknown key). */
export async function verifyOffline(token: string, keys: JWK[]): Promise<TicketClaims | null> {
  for (const jwk of keys) {
    try {
      const key = await importJWK(jwk, 'EdDSA');
      const { payload } = await compactVerify(token.trim(), key, { algorithms: ['EdDSA'] });
      return JSON.parse(new TextDecoder().decode(payload)) as TicketClaims;
    } catch {
      // try the next key
    }
  }
  return null;
}
