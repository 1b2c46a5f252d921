import { ErrorCode } from '@fastpass/shared';
import { AppError } from '../errors';
import { isConnectionError } from '../infra/failures';
import type { HoldBestCommand, HoldCommand, HoldStore, SaleWindow } from './hold-store';
import type { ModeController } from './mode';

/**
 * The store the services use: Redis in cache mode, Postgres in database mode, never both for one call.
 * A Redis call that fails because the connection is gone (the command never ran) trips the breaker
 * and is retried once on Postgres; a timeout (the command may have run) is UNAVAILABLE instead, so a
 * hold can never exist in both stores.
 */
export class SwitchingStore implements HoldStore {
  private inflightDb = 0;
  private drainWaiters: Array<() => void> = [];

  constructor(
    private readonly cache: HoldStore,
    private readonly database: HoldStore,
    private readonly mode: ModeController,
  ) {}

  /** For the mode barrier: resolves when no Postgres-mode call is running. */
  drain(): Promise<void> {
    if (this.inflightDb === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private async call<T>(fn: (store: HoldStore) => Promise<T>): Promise<T> {
    const mode = await this.mode.decidable();
    if (mode === null)
      throw new AppError(ErrorCode.UNAVAILABLE, 'switching back to the cache; retry in a moment');
    if (mode === 'cache') {
      try {
        return await fn(this.cache);
      } catch (err) {
        const kind = isConnectionError(err);
        if (!kind) throw err;
        // A slow answer under load is not an outage: only a dropped connection or the probe's repeated
        // failed pings switch modes, so a busy server does not flap into database mode.
        if (kind === 'maybe-ran')
          throw new AppError(ErrorCode.UNAVAILABLE, 'the seat cache did not answer; retry');
        this.mode.reportRedisFailure(String((err as Error).message ?? err));
      }
    }
    this.inflightDb++;
    try {
      await this.mode.published();
      return await fn(this.database);
    } finally {
      this.inflightDb--;
      if (this.inflightDb === 0) for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  hold(cmd: HoldCommand) {
    return this.call((s) => s.hold(cmd));
  }
  holdBest(cmd: HoldBestCommand) {
    return this.call((s) => {
      if (!s.holdBest) throw new Error('store cannot choose best seats');
      return s.holdBest(cmd);
    });
  }
  release(tripId: string, holdId: string, userId: string) {
    return this.call((s) => s.release(tripId, holdId, userId));
  }
  claim(tripId: string, holdId: string, userId: string, graceMs: number, window: SaleWindow) {
    return this.call((s) => s.claim(tripId, holdId, userId, graceMs, window));
  }
  confirm(tripId: string, holdId: string, capKey: string, mask: number, seatIds: string[]) {
    return this.call((s) => s.confirm(tripId, holdId, capKey, mask, seatIds));
  }
  unsell(tripId: string, capKey: string, mask: number, seatIds: string[]) {
    return this.call((s) => s.unsell(tripId, capKey, mask, seatIds));
  }
  extend(tripId: string, holdId: string, userId: string, ttlMs: number, window: SaleWindow) {
    return this.call((s) => s.extend(tripId, holdId, userId, ttlMs, window));
  }
  snapshot(tripId: string) {
    return this.call((s) => s.snapshot(tripId));
  }
  expireDue(tripId: string) {
    return this.call((s) => s.expireDue(tripId));
  }
}
