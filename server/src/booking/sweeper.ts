import type { RedisClient as Redis } from '../infra/redis';
import { Leadership } from '../infra/leadership';
import type { Logger } from '../infra/logger';
import type { EffectsSink } from './effects';
import type { HoldStore } from './hold-store';
import type { ActiveTrips } from './redis/active-trips';

/**
 * Expires due holds within about one interval of `expiresAt` and broadcasts them. One instance sweeps at
 * a time (Redlock leadership, renewed while leading). The lock only saves work: expiry is decided
 * inside the scripts, idempotently, so two sweepers at once just find nothing left to do, and no
 * sweeper at all still never lets an expired hold block a seat.
 */
export class Sweeper {
  private readonly leadership: Leadership;
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
    this.leadership = new Leadership(redis, 'fastpass:lock:sweeper');
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.leadership.release();
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
      if (!(await this.leadership.lead())) return;
      await this.sweep();
    } catch (err) {
      this.log.warn({ err: String(err) }, 'sweep failed; retrying next tick');
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
