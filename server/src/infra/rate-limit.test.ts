import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst of two seconds, then refills at the rate', () => {
    const rl = new RateLimiter(5);
    const t = 1_000_000;
    for (let i = 0; i < 10; i++) expect(rl.take('u', t)).toBe(true);
    expect(rl.take('u', t)).toBe(false);
    expect(rl.take('other', t)).toBe(true);
    expect(rl.take('u', t + 200)).toBe(true);
    expect(rl.take('u', t + 200)).toBe(false);
  });
  it('enforce throws RATE_LIMITED', () => {
    const rl = new RateLimiter(0.5);
    rl.enforce('u');
    expect(() => rl.enforce('u')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
  });
  it('zero disables limiting', () => {
    const rl = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(rl.take('u')).toBe(true);
  });
});
