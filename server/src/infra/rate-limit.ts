import type { RedisClient as Redis } from './redis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';

/** `points` per `durationSec` per key; `points <= 0` switches the limit off. */
export interface LimitSpec {
  name: string;
  points: number;
  durationSec: number;
}

const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * One named limit shared by every instance through Redis (rate-limiter-flexible's atomic counter). While
 * Redis is away, an in-memory twin per instance answers instead, so the server keeps limiting in database
 * mode. A key that used up its points is refused from memory until its window ends: a flood costs no
 * Redis round trip.
 */
export class Limit {
  private readonly limiter: RateLimiterRedis | RateLimiterMemory | null;

  constructor(
    redis: Redis | null,
    readonly spec: LimitSpec,
  ) {
    if (spec.points <= 0) {
      this.limiter = null;
      return;
    }
    const base = { keyPrefix: `fp:rl:${spec.name}`, points: spec.points, duration: spec.durationSec };
    const memory = new RateLimiterMemory(base);
    this.limiter = redis
      ? new RateLimiterRedis({
          ...base,
          storeClient: redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
          inMemoryBlockOnConsumed: spec.points,
        })
      : memory;
  }

  get enabled(): boolean {
    return this.limiter !== null;
  }

  /** Takes one point for `key` or throws RATE_LIMITED (with Retry-After). */
  async consume(key: string, message?: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(key);
    } catch (res) {
      throw asRateLimited(res, message);
    }
  }

  /** Refuses (RATE_LIMITED) while `key` is blocked, without taking a point. */
  async check(key: string, message?: string): Promise<void> {
    if (!this.limiter) return;
    const res = await this.limiter.get(key);
    if (res && res.consumedPoints > this.spec.points && res.msBeforeNext > 0)
      throw asRateLimited(res, message);
  }

  /** Points already taken by `key` in its window (0 when off or unknown). */
  async consumed(key: string): Promise<number> {
    if (!this.limiter) return 0;
    const res = await this.limiter.get(key);
    return res?.consumedPoints ?? 0;
  }

  async block(key: string, seconds: number): Promise<void> {
    await this.limiter?.block(key, seconds);
  }

  async reset(key: string): Promise<void> {
    await this.limiter?.delete(key);
  }

  /** Takes one point without refusing; answers how many are taken now (a failure counter). */
  async penalty(key: string): Promise<number> {
    if (!this.limiter) return 0;
    const res = await this.limiter.penalty(key);
    return res.consumedPoints;
  }
}

function asRateLimited(res: unknown, message: string | undefined): Error {
  // rate-limiter-flexible rejects with a RateLimiterRes when refused, with an Error when its store failed
  // and no insurance answered; the latter is not the client's fault.
  if (!(res instanceof RateLimiterRes)) return res instanceof Error ? res : new Error(String(res));
  const sec = retryAfter(res.msBeforeNext);
  return new RateLimitedError(sec, message ? `${message}; retry in ${sec} s` : undefined);
}

/**
 * Per-user limit on booking actions (hold, release, extend, purchase): `perSecond` on average, with a
 * burst of two seconds' worth, the same for a user on every instance.
 */
export class RateLimiter {
  private readonly limit: Limit;

  constructor(perSecond: number, redis: Redis | null = null) {
    this.limit = new Limit(redis, {
      name: 'user',
      points: perSecond > 0 ? Math.max(1, Math.round(perSecond * 2)) : 0,
      durationSec: 2,
    });
  }

  /** Takes a point for this user or throws RATE_LIMITED. */
  async consume(userId: string): Promise<void> {
    await this.limit.consume(userId, 'too many requests');
  }
}
