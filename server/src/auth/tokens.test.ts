import { describe, expect, it } from 'vitest';
import { TokenSigner, bearer } from './tokens';

describe('TokenSigner', () => {
  const signer = new TokenSigner('a-test-secret-of-some-length-at-least-32');
  const user = { userId: 'u1', role: 'passenger' as const, name: 'Rahim' };
  it('verifies what it signed, with its issue time', () => {
    expect(signer.verify(signer.sign(user, 1_800_000_000), 1_800_000_100)).toEqual({
      ...user,
      issuedAt: 1_800_000_000,
    });
  });
  it('carries a verified identity', () => {
    const p = signer.verify(signer.sign({ ...user, identity: 'ph:abc' }));
    expect(p?.identity).toBe('ph:abc');
    expect(signer.verify(signer.sign(user))?.identity).toBeUndefined();
  });
  it('refuses tampered, foreign, expired, future and malformed tokens', () => {
    const token = signer.sign(user);
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', role: 'operator', exp: 9e9 })).toString(
      'base64url',
    );
    expect(signer.verify(`${forged}.${sig}`)).toBeNull();
    expect(new TokenSigner('another-secret-entirely').verify(token)).toBeNull();
    expect(signer.verify(signer.sign(user, 0))).toBeNull();
    expect(signer.verify(signer.sign(user, 2_000_000_000), 1_800_000_000)).toBeNull();
    for (const bad of [undefined, 42, '', 'abc', `${payload}.`, '.x']) expect(signer.verify(bad)).toBeNull();
  });
  it('reads a token from before iat existed without an issue time (operator actions refuse it)', () => {
    const old = Buffer.from(JSON.stringify({ sub: 'u1', role: 'operator', name: 'O', exp: 9e9 })).toString(
      'base64url',
    );
    const mac = (signer as unknown as { mac(p: string): string }).mac(old);
    expect(signer.verify(`${old}.${mac}`)).toEqual({ userId: 'u1', role: 'operator', name: 'O' });
  });
  it('parses bearer headers', () => {
    expect(bearer('Bearer abc.def')).toBe('abc.def');
    expect(bearer('Basic abc')).toBeUndefined();
    expect(bearer(undefined)).toBeUndefined();
  });
});
