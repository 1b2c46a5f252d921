import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

const secret = 'x'.repeat(32);

describe('identity configuration', () => {
  it('requires a secret of at least 32 bytes in production, none elsewhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(31) })).toThrow(/32 bytes/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: secret }).authSecret).toBe(secret);
    expect(loadConfig({}).authSecret).toBeUndefined();
  });
  it('defaults the SMS provider to sandbox outside production, off in production; sandbox needs consent there', () => {
    expect(loadConfig({}).sms.provider).toBe('sandbox');
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: secret }).sms.provider).toBe('off');
    expect(() =>
      loadConfig({ NODE_ENV: 'production', AUTH_SECRET: secret, SMS_PROVIDER: 'sandbox' }),
    ).toThrow(/refused/);
    const allowed = { NODE_ENV: 'production', AUTH_SECRET: secret, SMS_PROVIDER: 'sandbox' };
    expect(loadConfig({ ...allowed, SMS_SANDBOX_IN_PRODUCTION: 'on' }).sms.provider).toBe('sandbox');
    expect(() => loadConfig({ SMS_PROVIDER: 'webhook' })).toThrow(/SMS_WEBHOOK_URL/);
    expect(
      loadConfig({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example/send' }).sms.webhookUrl,
    ).toBe('https://sms.example/send');
  });
  it('reads TRUST_PROXY as express does', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
  });
  it('has production limits on by default, 0 switches one off', () => {
    const { limits } = loadConfig({});
    expect(limits.guestPerMinute).toBeGreaterThan(0);
    expect(limits.otpPerPhonePerHour).toBeGreaterThan(0);
    expect(loadConfig({ GUEST_LIMIT_PER_MINUTE: '0' }).limits.guestPerMinute).toBe(0);
  });
});
