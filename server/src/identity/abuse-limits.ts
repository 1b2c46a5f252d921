import type { RedisClient as Redis } from '../infra/redis';
import { Limit } from '../infra/rate-limit';
import type { IdentityConfig } from './identity.config';

/** The front-door limits, each shared by every instance through Redis (see infra/rate-limit.ts). */
export class AbuseLimits {
  /** Per client address. */
  readonly guest: Limit;
  readonly register: Limit;
  readonly login: Limit;
  readonly otpStartPerAddress: Limit;
  readonly otpVerifyPerAddress: Limit;
  /** Per normalised phone: how many codes one number receives. */
  readonly otpStartPerPhone: Limit;
  /** Per user: `trip:watch` (a snapshot read each), with a burst of two seconds' worth. */
  readonly watch: Limit;

  constructor(redis: Redis | null, l: IdentityConfig['limits']) {
    this.guest = new Limit(redis, { name: 'guest', points: l.guestPerMinute, durationSec: 60 });
    this.register = new Limit(redis, { name: 'register', points: l.registerPerMinute, durationSec: 60 });
    this.login = new Limit(redis, { name: 'login', points: l.loginPerMinute, durationSec: 60 });
    this.otpStartPerAddress = new Limit(redis, {
      name: 'otp-ip',
      points: l.otpPerAddressPerHour,
      durationSec: 3600,
    });
    this.otpStartPerPhone = new Limit(redis, {
      name: 'otp-phone',
      points: l.otpPerPhonePerHour,
      durationSec: 3600,
    });
    this.otpVerifyPerAddress = new Limit(redis, {
      name: 'otp-verify-ip',
      points: l.otpVerifyPerMinute,
      durationSec: 60,
    });
    this.watch = new Limit(redis, { name: 'watch', points: l.watchPerSec * 2, durationSec: 2 });
  }
}
