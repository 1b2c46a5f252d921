import { describe, expect, it } from 'vitest';
import { TokenSigner, bearer } from './tokens';

describe('TokenSigner', () => {
  const signer = new TokenSigner('a-test-secret-of-some-length');
  const user = { userId: 'u1', role: 'passenger' as const, name: 'Rahim' };
  it('verifies what it signed', () => {
    expect(signer.verify(signer.sign(user))).toEqual(user);
  });
  it('refuses tampered, foreign, expired and malformed tokens', () => {
    const token = signer.sign(user);
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', role: 'operator', exp: 9e9 })).toString(
      'base64url',
    );
    expect(signer.verify(`${forged}.${sig}`)).toBeNull();
    expect(new TokenSigner('another-secret-entirely').verify(token)).toBeNull();
    expect(signer.verify(signer.sign(user, 0))).toBeNull();
    for (const bad of [undefined, 42, '', 'abc', `${payload}.`, '.x']) expect(signer.verify(bad)).toBeNull();
  });
  it('parses bearer headers', () => {
    expect(bearer('Bearer abc.def')).toBe('abc.def');
    expect(bearer('Basic abc')).toBeUndefined();
    expect(bearer(undefined)).toBeUndefined();
  });
});
