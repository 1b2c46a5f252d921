import { z } from 'zod/v4';

/** An empty variable (`FOO=` in compose files) means unset. */
const unset = (v: unknown) => (v === '' ? undefined : v);

/** A limit: a count per window, `0` switches it off. */
const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

/**
 * Environment of identity (phone verification, secrets) and abuse limits, documented in
 * docs/configuration.md. Defaults are production values; tests and the benchmark switch the per-address
 * ones off because they create many accounts from 127.0.0.1.
 */
export const identityEnv = {
  NODE_ENV: z.string().optional(),
  /** Express `trust proxy`: off, `true`, a hop count, or a list of addresses/CIDRs/`loopback`. */
  TRUST_PROXY: z.string().default('off'),
  GUEST_LIMIT_PER_MINUTE: count(20),
  REGISTER_LIMIT_PER_MINUTE: count(10),
  LOGIN_LIMIT_PER_MINUTE: count(30),
  LOGIN_FAILURES_BEFORE_BLOCK: count(5),
  LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  OTP_LIMIT_PER_PHONE_PER_HOUR: count(5),
  OTP_LIMIT_PER_ADDRESS_PER_HOUR: count(30),
  OTP_VERIFY_LIMIT_PER_MINUTE: count(20),
  OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  OTP_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  MAX_SOCKETS_PER_USER: count(10),
  MAX_SOCKETS_PER_ADDRESS: count(1000),
  WATCH_LIMIT_PER_SEC: count(5),
  SMS_PROVIDER: z.enum(['sandbox', 'webhook', 'off']).optional(),
  SMS_SANDBOX_IN_PRODUCTION: flag.prefault('off'),
  SMS_WEBHOOK_URL: z.preprocess(unset, z.string().url().optional()),
  SMS_WEBHOOK_TOKEN: z.preprocess(unset, z.string().optional()),
};

const identitySchema = z.object(identityEnv);
type IdentityEnv = z.output<typeof identitySchema>;

export interface IdentityConfig {
  production: boolean;
  trustProxy: boolean | number | string[];
  limits: {
    guestPerMinute: number;
    registerPerMinute: number;
    loginPerMinute: number;
    loginFailuresBeforeBlock: number;
    loginBlockSeconds: number;
    otpPerPhonePerHour: number;
    otpPerAddressPerHour: number;
    otpVerifyPerMinute: number;
    socketsPerUser: number;
    socketsPerAddress: number;
    watchPerSec: number;
  };
  otp: { maxAttempts: number; ttlMs: number };
  sms: { provider: 'sandbox' | 'webhook' | 'off'; webhookUrl?: string; webhookToken?: string };
}

function trustProxy(raw: string): IdentityConfig['trustProxy'] {
  const v = raw.trim().toLowerCase();
  if (['', 'off', 'false', '0', 'no'].includes(v)) return false;
  if (['on', 'true', 'yes'].includes(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return raw.split(',').map((s) => s.trim());
}

/** Throws a one-line message for a combination the schema alone cannot refuse. */
export function identityConfig(e: IdentityEnv): IdentityConfig {
  const production = e.NODE_ENV === 'production';
  // Production has no default provider: the sandbox shows codes to anyone, and there is no real one to pick.
  const provider = e.SMS_PROVIDER ?? (production ? 'off' : 'sandbox');
  if (provider === 'sandbox' && production && !e.SMS_SANDBOX_IN_PRODUCTION) {
    throw new Error(
      'SMS_PROVIDER=sandbox is refused when NODE_ENV=production (it shows codes to anyone); set SMS_SANDBOX_IN_PRODUCTION=on to allow it',
    );
  }
  if (provider === 'webhook' && !e.SMS_WEBHOOK_URL) {
    throw new Error('SMS_PROVIDER=webhook needs SMS_WEBHOOK_URL');
  }
  return {
    production,
    trustProxy: trustProxy(e.TRUST_PROXY),
    limits: {
      guestPerMinute: e.GUEST_LIMIT_PER_MINUTE,
      registerPerMinute: e.REGISTER_LIMIT_PER_MINUTE,
      loginPerMinute: e.LOGIN_LIMIT_PER_MINUTE,
      loginFailuresBeforeBlock: e.LOGIN_FAILURES_BEFORE_BLOCK,
      loginBlockSeconds: e.LOGIN_BLOCK_SECONDS,
      otpPerPhonePerHour: e.OTP_LIMIT_PER_PHONE_PER_HOUR,
      otpPerAddressPerHour: e.OTP_LIMIT_PER_ADDRESS_PER_HOUR,
      otpVerifyPerMinute: e.OTP_VERIFY_LIMIT_PER_MINUTE,
      socketsPerUser: e.MAX_SOCKETS_PER_USER,
      socketsPerAddress: e.MAX_SOCKETS_PER_ADDRESS,
      watchPerSec: e.WATCH_LIMIT_PER_SEC,
    },
    otp: { maxAttempts: e.OTP_MAX_ATTEMPTS, ttlMs: e.OTP_TTL_SECONDS * 1000 },
    sms: { provider, webhookUrl: e.SMS_WEBHOOK_URL, webhookToken: e.SMS_WEBHOOK_TOKEN },
  };
}
