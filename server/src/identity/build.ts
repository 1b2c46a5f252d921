import { AuthService } from '../auth/auth.service';
import { TokenSigner } from '../auth/tokens';
import type { Config } from '../config';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { RedisClient as Redis } from '../infra/redis';
import { AbuseLimits } from './abuse-limits';
import { LoginGuard } from './login-guard';
import { PhoneVerificationService } from './phone-verification.service';
import { createSmsProvider } from './sms-provider';

/** Tokens, accounts, phone verification and the abuse limits, from the configuration. */
export function buildIdentity(config: Config, deps: { db: Db; redis: Redis; log: Logger }) {
  const { db, redis, log } = deps;
  // index.ts resolves a development secret before this; the harness and scripts pass their own.
  if (!config.authSecret) throw new Error('no AUTH_SECRET: resolve one before building the server');
  const tokens = new TokenSigner(config.authSecret);
  const abuse = new AbuseLimits(redis, config.limits);
  const sms = createSmsProvider(config.sms, db, log);
  if (!sms) log.warn('no SMS provider (SMS_PROVIDER=off): phone verification answers UNAVAILABLE');
  const auth = new AuthService(
    db,
    tokens,
    config.guestAuth,
    new LoginGuard(redis, {
      failuresBeforeBlock: config.limits.loginFailuresBeforeBlock,
      blockSeconds: config.limits.loginBlockSeconds,
    }),
  );
  const phones = new PhoneVerificationService({
    db,
    sms,
    auth,
    limits: abuse,
    secret: config.authSecret,
    ttlMs: config.otp.ttlMs,
    maxAttempts: config.otp.maxAttempts,
    log,
  });
  return { tokens, abuse, sms, auth, phones };
}
