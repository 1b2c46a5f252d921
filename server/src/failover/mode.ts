import { EventEmitter } from 'node:events';
import type { Mode } from '@fastpass/shared';
import type Redis from 'ioredis';
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
 * The circuit breaker deciding which store answers: Redis ('cache') or Postgres ('database').
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
  private redisOk = true;
  private failedPings = 0;
  private healthySince = Date.now();
  private timers: NodeJS.Timeout[] = [];
  private recovering = false;
  private waiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly db: Db,
    /** A connection of its own, used only for the health ping. */
    private readonly redis: Redis,
    private readonly opts: ModeOptions,
  ) {
    super();
  }

  get mode(): LocalMode {
    return this.local;
  }

  get redisUp(): boolean {
    return this.redisOk;
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
    this.redisOk = false;
    if (this.local === 'cache') void this.enterDatabaseMode(reason);
  }

  private setLocal(mode: LocalMode): void {
    if (mode === this.local) return;
    const before = this.publicMode;
    this.local = mode;
    this.opts.log.warn({ mode, instance: this.opts.instanceId }, 'serving mode changed');
    if (mode !== 'recovering') for (const w of this.waiters.splice(0)) w();
    if (this.publicMode !== before) this.emit('change', this.publicMode);
  }

  /**
   * Resolves once the shared row says 'database' (or publishing failed). Database-mode decisions wait
   * for it: the row update serialises with the hold mirror's flushes (FOR SHARE), so no flush that still
   * treats Redis as the truth can overrule a hold Postgres has decided.
   */
  published(): Promise<void> {
    return this.publishing ?? Promise.resolve();
  }

  private publishing: Promise<void> | null = null;

  private enterDatabaseMode(reason: string): Promise<void> {
    if (this.local === 'database' && this.publishing) return this.publishing;
    this.publishing = this.db('service_mode')
      .where({ id: 1, mode: 'cache' })
      .update({ mode: 'database', epoch: this.db.raw('epoch + 1'), changed_at: this.db.fn.now(), reason })
      .then(
        () => undefined,
        (err) =>
          this.opts.log.error({ err: String(err) }, 'could not publish database mode (Postgres down too?)'),
      );
    this.setLocal('database');
    return this.publishing;
  }

  private async probe(): Promise<void> {
    const ok = await pingWithin(this.redis, this.opts.pingTimeoutMs);
    // Two slow pings in a row, not one: a busy event loop must not flip a whole deployment.
    this.failedPings = ok ? 0 : this.failedPings + 1;
    if (ok && !this.redisOk) this.healthySince = Date.now();
    if (ok || this.failedPings >= 2) this.redisOk = ok;
    if (!this.redisOk && this.local === 'cache') await this.enterDatabaseMode('redis ping failed');
  }

  private async poll(): Promise<void> {
    const row = await this.db('service_mode')
      .where({ id: 1 })
      .first<{ mode: LocalMode; epoch: string; changed_at: Date }>();
    if (!row) return;
    this.epoch = Number(row.epoch);
    if (row.mode === 'database' && this.local !== 'database') this.setLocal('database');
    if (row.mode === 'recovering' && !this.recovering && this.local !== 'recovering') {
      this.setLocal('recovering');
      await this.opts.drain(); // report 'recovering' only once nothing decides in database mode here
    }
    if (row.mode === 'cache' && this.local !== 'cache') {
      if (this.redisOk) this.setLocal('cache');
    }
    await this.db('service_instances')
      .insert({ id: this.opts.instanceId, mode: this.local, epoch: this.epoch, seen_at: this.db.fn.now() })
      .onConflict('id')
      .merge();
    const stale = row.mode === 'recovering' && Date.now() - row.changed_at.getTime() > 15_000;
    const healthy = this.redisOk && Date.now() - this.healthySince >= this.opts.healthyForMs;
    if (healthy && (row.mode === 'database' || stale)) await this.recover();
  }

  /** The switch back to cache mode, run by the one instance that wins the row. */
  private async recover(): Promise<void> {
    const won = await this.db('service_mode')
      .where({ id: 1 })
      .andWhere((q) =>
        q
          .where({ mode: 'database' })
          .orWhere((r) =>
            r.where({ mode: 'recovering' }).andWhereRaw(`changed_at < now() - interval '15 seconds'`),
          ),
      )
      .update({
        mode: 'recovering',
        epoch: this.db.raw('epoch + 1'),
        changed_at: this.db.fn.now(),
        reason: 'redis back',
      })
      .returning<{ epoch: string }[]>('epoch');
    if (won.length === 0) return;
    const epoch = Number(won[0]!.epoch);
    this.recovering = true;
    this.setLocal('recovering');
    const started = Date.now();
    try {
      await this.barrier(epoch);
      const invalidated = await this.opts.invalidateCaches();
      await this.db('service_mode')
        .where({ id: 1, mode: 'recovering', epoch })
        .update({ mode: 'cache', epoch: epoch + 1, changed_at: this.db.fn.now(), reason: 'caches rebuilt' });
      this.redisOk = true;
      this.setLocal('cache');
      this.opts.log.warn({ invalidated, ms: Date.now() - started }, 'back to cache mode');
    } catch (err) {
      this.opts.log.error({ err: String(err) }, 'recovery failed; staying in database mode');
      await this.db('service_mode')
        .where({ id: 1, mode: 'recovering', epoch })
        .update({ mode: 'database', changed_at: this.db.fn.now(), reason: 'recovery failed' })
        .catch(() => undefined);
      this.setLocal('database');
    } finally {
      this.recovering = false;
    }
  }

  /** Waits until every live instance has stopped deciding in database mode (or 5 s passed). */
  private async barrier(epoch: number): Promise<void> {
    const deadline = Date.now() + 5000;
    await this.db('service_instances')
      .insert({ id: this.opts.instanceId, mode: 'recovering', epoch, seen_at: this.db.fn.now() })
      .onConflict('id')
      .merge();
    while (Date.now() < deadline) {
      const pending = await this.db('service_instances')
        .whereRaw(`seen_at > now() - interval '3 seconds'`)
        .andWhere((q) => q.whereNot({ mode: 'recovering' }).orWhere('epoch', '<', epoch))
        .count<{ count: string }[]>();
      if (Number(pending[0]?.count ?? 0) === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    this.opts.log.warn('recovery barrier timed out; continuing');
  }
}

/**
 * PING on the probe's own connection (never queued behind the command traffic). When the deadline
 * timer fires, the reply may already sit unread in the socket while the event loop was busy: a
 * setImmediate lets the poll phase read it first, so a busy server is not mistaken for a dead Redis.
 */
function pingWithin(redis: Redis, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    let answered: boolean | null = null;
    const deadline = setTimeout(() => setImmediate(() => resolve(answered ?? false)), ms);
    const settle = (ok: boolean) => {
      answered = ok;
      clearTimeout(deadline);
      resolve(ok);
    };
    redis.ping().then(
      (r) => settle(r === 'PONG'),
      () => settle(false),
    );
  });
}
