import { ErrorCode } from '@fastpass/shared';
import { AppError } from '../errors';

/** Per-key token bucket (in memory, per instance): a burst of 2 s worth, refilled continuously. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSecond: number) {}

  /** Takes a token or throws RATE_LIMITED. */
  enforce(key: string): void {
    if (!this.take(key)) throw new AppError(ErrorCode.RATE_LIMITED, 'too many requests; retry shortly');
  }

  take(key: string, now = Date.now()): boolean {
    if (this.perSecond <= 0) return true;
    const burst = this.perSecond * 2;
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at > 10_000) this.buckets.delete(k);
  }
}
