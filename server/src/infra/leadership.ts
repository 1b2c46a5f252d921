import type { RedisClient as Redis } from './redis';
import Redlock, { type Lock } from 'redlock';

/**
 * "Only one instance does this job at a time", for jobs where a double run merely wastes work (the
 * sweeper, the waiting room's ticker): a Redlock lock renewed while leading. Never used to decide a
 * sale: what the job decides is decided again, idempotently, inside its scripts.
 */
export class Leadership {
  private readonly redlock: Redlock;
  private lock: Lock | null = null;

  constructor(
    redis: Redis,
    private readonly name: string,
    private readonly ttlMs = 3000,
  ) {
    this.redlock = new Redlock([redis], { retryCount: 0 });
    this.redlock.on('error', () => {}); // followers failing to take the lock is the normal case
  }

  /** Whether this instance leads now: renews a lock past half its life, else tries to take it. */
  async lead(): Promise<boolean> {
    if (this.lock && this.lock.expiration - Date.now() > this.ttlMs / 2) return true;
    try {
      this.lock = this.lock
        ? await this.lock.extend(this.ttlMs)
        : await this.redlock.acquire([this.name], this.ttlMs);
      return true;
    } catch {
      this.lock = null;
      return false;
    }
  }

  /** Gives the lock up (on shutdown), so another instance can lead at once. */
  async release(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    if (lock) await lock.release().catch(() => undefined);
  }
}
