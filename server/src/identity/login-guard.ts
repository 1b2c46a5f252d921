import type { RedisClient as Redis } from '../infra/redis';
import { Limit } from '../infra/rate-limit';

const MAX_BLOCK_SECONDS = 3600;
const FAILURE_MEMORY_SECONDS = 24 * 3600;

/**
 * Slows password guessing per account, on every instance: after `failuresBeforeBlock` consecutive failures
 * the account refuses sign-ins (RATE_LIMITED) for `blockSeconds`, doubling with each further failure up to
 * an hour; a success forgets the failures. Keyed by account, not address, so a botnet gains nothing; the
 * price is that someone can slow down another person's sign-in, for a bounded time.
 */
export class LoginGuard {
  private readonly failures: Limit;
  private readonly blocks: Limit;

  constructor(
    redis: Redis | null,
    private readonly opts: { failuresBeforeBlock: number; blockSeconds: number },
  ) {
    const on = opts.failuresBeforeBlock > 0;
    this.failures = new Limit(redis, {
      name: 'login-fail',
      points: on ? opts.failuresBeforeBlock : 0,
      durationSec: FAILURE_MEMORY_SECONDS,
    });
    this.blocks = new Limit(redis, { name: 'login-block', points: on ? 1 : 0, durationSec: 1 });
  }

  async before(account: string): Promise<void> {
    await this.blocks.check(account, 'too many failed sign-ins for this account');
  }

  async failed(account: string): Promise<void> {
    const n = await this.failures.penalty(account);
    const over = n - this.opts.failuresBeforeBlock;
    if (over < 0) return;
    await this.blocks.block(account, Math.min(MAX_BLOCK_SECONDS, this.opts.blockSeconds * 2 ** over));
  }

  async succeeded(account: string): Promise<void> {
    await this.failures.reset(account);
  }
}
