import { describe, expect, it } from 'vitest';
import { Limit, RateLimiter } from './rate-limit';

// The in-memory path (no Redis): the same code answers while Redis is down. The shared path across
// instances is tested against a real Redis in test/abuse-limits.test.ts.
describe('Limit (in memory)', () => {
  it('refuses after its points with RATE_LIMITED and a Retry-After', async () => {
    const limit = new Limit(null, { name: 't', points: 3, durationSec: 60 });
    for (let i = 0; i < 3; i++) await limit.consume('a');
    await expect(limit.consume('a')).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSec: 60 });
    await limit.consume('b');
  });
  it('blocks and unblocks a key', async () => {
    const limit = new Limit(null, { name: 't', points: 1, durationSec: 60 });
    await limit.check('a');
    await limit.block('a', 30);
    await expect(limit.check('a')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await limit.reset('a');
    await limit.check('a');
  });
  it('zero points switches it off', async () => {
    const limit = new Limit(null, { name: 't', points: 0, durationSec: 60 });
    for (let i = 0; i < 1000; i++) await limit.consume('a');
    expect(limit.enabled).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows a burst of two seconds, then refuses', async () => {
    const rl = new RateLimiter(5);
    for (let i = 0; i < 10; i++) await rl.consume('u');
    await expect(rl.consume('u')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await rl.consume('other');
  });
  it('zero disables limiting', async () => {
    const rl = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) await rl.consume('u');
  });
});
