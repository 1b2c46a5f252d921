import { EventEmitter } from 'node:events';
import type { Mode } from '@fastpass/shared';
import type { RedisClient as Redis } from '../infra/redis';
import { RedisHealth } from './health-probe';
import { ModeRow, STALE_RECOVERY_MS } from './mode-row';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';

export type LocalMode = Mode | 'recovering';

export interface ModeOptions {
  instanceId: string;
  /** Redis ping period and deadline: a dead Redis is noticed within about probeMs + pingTimeoutMs. */
  probeMs: number;
  pingTimeoutMs: number;
  /** How often an instance reads the shared mode and writes its heartbeat. */
  pollMs: number;
  /** Redis must answer this long before the switch back starts. */
  healthyForMs: number;
  /** Resolves when no database-mode store call of this instance is in flight. */
  drain: () => Promise<void>;
  /** Makes every trip cache reload from Postgres on its next use. */
  invalidateCaches: () => Promise<number>;
  log: Logger;
}

/**
 * The circuit breaker deciding which store answers: Redis ('cache') or Postgres ('database'). A state
 * machine over two small parts: RedisHealth (is Redis answering?) and ModeRow (the shared mode row and
 * the instances' heartbeats in Postgres).
 *
 * Every instance follows one shared mode row in Postgres, so there is never a second lock domain: the
 * first instance that sees Redis fail flips the row to 'database' (and itself at once); the others follow
 * within one poll even if their own Redis link still works. Going back is a barrier: one instance wins
 * 'database' → 'recovering'; every instance stops deciding while 'recovering'; once all live instances
 * report it (or a deadline passes), the winner invalidates every trip cache (each reloads sold legs and
 * the live holds from Postgres on its next use) and flips the row to 'cache'.
 */
export class ModeController extends EventEmitter {
  private local: LocalMode = 'cache';
  private epoch = 0;
  private timers: NodeJS.Timeout[] = [];
  private recovering = false;
  private waiters: Array<() => void> = [];
  private stopped = false;
  private publishing: Promise<void> | null = null;
  private readonly health: RedisHealth;
  private readonly row: ModeRow;

  constructor(
    db: Db,
    /** A connection of its own, used only for the health ping. */
    redis: Redis,
    private readonly opts: ModeOptions,
  ) {
    super();
    this.health = new RedisHealth(redis, opts.pingTimeoutMs);
    this.row = new ModeRow(db, opts.instanceId);
  }

  get mode(): LocalMode {
    return this.local;
  }

  get redisUp(): boolean {
    return this.health.up;
  }

  /** The public mode: 'recovering' still serves from Postgres as far as clients can tell. */
  get publicMode(): Mode {
    return this.local === 'cache' ? 'cache' : 'database';
  }

  async start(): Promise<void> {
    await this.poll().catch((err) => this.opts.log.warn({ err: String(err) }, 'mode poll failed'));
    const every = (ms: number, fn: () => Promise<void>) => {
      let busy = false;
      const t = setInterval(() => {
        if (busy) return;
        busy = true;
        fn()
          .catch((err) => this.opts.log.warn({ err: String(err) }, 'mode loop failed'))
          .finally(() => {
            busy = false;
          });
      }, ms);
      this.timers.push(t);
    };
    every(this.opts.probeMs, () => this.probe());
    every(this.opts.pollMs, () => this.poll());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once a store may decide (not 'recovering'), or after `timeoutMs`. */
  async decidable(timeoutMs = 5000): Promise<Mode | null> {
    if (this.local !== 'recovering') return this.local;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.local === 'recovering' ? null : this.local;
  }

  /** A Redis command failed for connection reasons: stop using Redis now. */
  reportRedisFailure(reason: string): void {
    if (this.stopped) return; // shutting down: our own disconnect is not an outage
    this.health.markDown();
    if (this.local === 'cache') void this.enterDatabaseMode(reason);
  }

  /**
   * Resolves once the shared row says 'database' (or publishing failed). Database-mode decisions wait
   * for it: the row update serialises with the hold mirror's flushes (FOR SHARE), so no flush that still
   * treats Redis as the truth can overrule a hold Postgres has decided.
   */
  published(): Promise<void> {
    return this.publishing ?? Promise.resolve();
  }

  private setLocal(mode: LocalMode): void {
    if (mode === this.local) return;
    const before = this.publicMode;
    this.local = mode;
    this.opts.log.warn({ mode, instance: this.opts.instanceId }, 'serving mode changed');
    if (mode !== 'recovering') for (const w of this.waiters.splice(0)) w();
    if (this.publicMode !== before) this.emit('change', this.publicMode);
  }

  private enterDatabaseMode(reason: string): Promise<void> {
    if (this.local === 'database' && this.publishing) return this.publishing;
    this.publishing = this.row
      .enterDatabase(reason)
      .catch((err) =>
        this.opts.log.error({ err: String(err) }, 'could not publish database mode (Postgres down too?)'),
      );
    this.setLocal('database');
    return this.publishing;
  }

  private async probe(): Promise<void> {
    if (!(await this.health.check()) && this.local === 'cache')
      await this.enterDatabaseMode('redis ping failed');
  }

  /** Follows the shared row, reports this instance's mode, and starts the switch back when Redis is healthy. */
  private async poll(): Promise<void> {
    const row = await this.row.read();
    if (!row) return;
    this.epoch = row.epoch;
    if (row.mode === 'database' && this.local !== 'database') this.setLocal('database');
    if (row.mode === 'recovering' && !this.recovering && this.local !== 'recovering') {
      this.setLocal('recovering');
      await this.opts.drain(); // report 'recovering' only once nothing decides in database mode here
    }
    if (row.mode === 'cache' && this.local !== 'cache' && this.health.up) this.setLocal('cache');
    await this.row.heartbeat(this.local, this.epoch);
    const stale = row.mode === 'recovering' && Date.now() - row.changedAt.getTime() > STALE_RECOVERY_MS;
    if (this.health.healthyFor(this.opts.healthyForMs) && (row.mode === 'database' || stale))
      await this.recover();
  }

  /** The switch back to cache mode, run by the one instance that wins the row. */
  private async recover(): Promise<void> {
    const epoch = await this.row.claimRecovery();
    if (epoch === null) return;
    this.recovering = true;
    this.setLocal('recovering');
    const started = Date.now();
    try {
      await this.barrier(epoch);
      const invalidated = await this.opts.invalidateCaches();
      await this.row.finishRecovery(epoch);
      this.health.markUp();
      this.setLocal('cache');
      this.opts.log.warn({ invalidated, ms: Date.now() - started }, 'back to cache mode');
    } catch (err) {
      this.opts.log.error({ err: String(err) }, 'recovery failed; staying in database mode');
      await this.row.abortRecovery(epoch).catch(() => undefined);
      this.setLocal('database');
    } finally {
      this.recovering = false;
    }
  }

  /** Waits until every live instance has stopped deciding in database mode (or 5 s passed). */
  private async barrier(epoch: number): Promise<void> {
    const deadline = Date.now() + 5000;
    await this.row.heartbeat('recovering', epoch);
    while (Date.now() < deadline) {
      if ((await this.row.notYetRecovering(epoch)) === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    this.opts.log.warn('recovery barrier timed out; continuing');
  }
}
