import type Redis from 'ioredis';
import Redlock, { type Lock } from 'redlock';
import type { Logger } from '../infra/logger';
import type { EffectsSink } from './effects';
import type { HoldStore } from './hold-store';
import type { ActiveTrips } from './redis/active-trips';

const LOCK = 'fastpass:lock:sweeper';
const LOCK_MS = 3000;

/**
 * Expires due holds within about one interval of `expiresAt` and broadcasts them. One instance sweeps at
 * a time (Redlock leadership, renewed while leading). The lock only saves work: expiry is decided
 * inside the scripts, idempotently, so two sweepers at once just find nothing left to do, and no
 * sweeper at all still never lets an expired hold block a seat.
 */
export class Sweeper {
  private readonly redlock: Redlock;
  private lock: Lock | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    redis: Redis,
    private readonly trips: ActiveTrips,
    private readonly store: () => HoldStore,
    private readonly sink: EffectsSink,
    private readonly intervalMs: number,
    private readonly log: Logger,
    /** In database mode every instance sweeps the trips Postgres lists (its trip locks serialise them). */
    private readonly database: { active: () => boolean; trips: () => Promise<string[]> },
  ) {
    this.redlock = new Redlock([redis], { retryCount: 0 });
    this.redlock.on('error', () => {}); // failing to win the lock is the normal case for followers
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    const lock = this.lock;
    this.lock = null;
    if (lock) await lock.release().catch(() => undefined);
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.tick().finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async tick(): Promise<void> {
    try {
      if (this.database.active()) {
        for (const tripId of await this.database.trips())
          this.sink.publish((await this.store().expireDue(tripId)).effects);
        return;
      }
      if (!(await this.lead())) return;
      await this.sweep();
    } catch (err) {
      this.log.warn({ err: String(err) }, 'sweep failed; retrying next tick');
    }
  }

  private async lead(): Promise<boolean> {
    if (this.lock && this.lock.expiration - Date.now() > LOCK_MS / 2) return true;
    try {
      this.lock = this.lock ? await this.lock.extend(LOCK_MS) : await this.redlock.acquire([LOCK], LOCK_MS);
      return true;
    } catch {
      this.lock = null;
      return false;
    }
  }

  async sweep(): Promise<void> {
    const cutoff = Date.now();
    for (const tripId of await this.trips.list()) {
      const r = await this.store().expireDue(tripId);
      this.sink.publish(r.effects);
      if (r.ok && r.active === 0) await this.trips.untrack(tripId, cutoff);
    }
  }
}
