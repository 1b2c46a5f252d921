import type { TicketClaims } from '@fastpass/shared';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { TicketSigner } from './ticket-signer';

const claims: TicketClaims = {
  v: 1,
  pnr: 'ABCD2345',
  order: '00000000-0000-0000-0000-000000000001',
  trip: 't-1',
  date: '2027-01-10',
  train: '703',
  from: 'DHK',
  to: 'CTG',
  seat: 'KA-1',
  coach: 'KA',
  name: 'Rahim',
};

describe('ticket QR tokens', () => {
  const signer = TicketSigner.fromSecret('x'.repeat(32));

  it('verify offline with the published public key', async () => {
    const token = await signer.sign(claims);
    const key = await importJWK(signer.jwks().keys[0]!, 'EdDSA');
    const { payload } = await compactVerify(token, key);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
    expect(await signer.verify(token)).toEqual(claims);
  });

  it('refuse a forged, altered or foreign token', async () => {
    const token = await signer.sign(claims);
    const [h, p, sig] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...claims, seat: 'KA-2' })).toString('base64url');
    expect(await signer.verify(`${h}.${altered}.${sig}`)).toBeNull();
    const other = TicketSigner.fromSecret('y'.repeat(32));
    expect(await signer.verify(await other.sign(claims))).toBeNull();
    expect(await signer.verify(`${h}.${p}.`)).toBeNull();
    expect(await signer.verify('not a token')).toBeNull();
  });

  it('is deterministic and agrees across instances sharing the secret', async () => {
    const again = TicketSigner.fromSecret('x'.repeat(32));
    expect(await again.sign(claims)).toBe(await signer.sign(claims));
    expect(again.kid).toBe(signer.kid);
  });
});
