import { ErrorCode } from '@fastpass/shared';
import { AppError } from '../errors';
import { isConnectionError } from '../infra/failures';
import { type HoldStore, routeStore } from '../booking/hold-store';
import type { ModeController } from './mode';

/**
 * The store the services use: Redis in cache mode, Postgres in database mode, never both for one call.
 * A Redis call that fails because the connection is gone (the command never ran) trips the breaker
 * and is retried once on Postgres; a timeout (the command may have run) is UNAVAILABLE instead, so a
 * hold can never exist in both stores.
 */
export class SwitchingStore {
  /** The store the services use: every HoldStore method, routed by the mode at the time of the call. */
  readonly store: Required<HoldStore> = routeStore((call) => this.call(call));
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
}
