import type { Db } from '../infra/db';
import type { LocalMode } from './mode';

export interface ModeRowState {
  mode: LocalMode;
  epoch: number;
  changedAt: Date;
}

/** A switch back that nobody finished within this long may be taken over by another instance. */
export const STALE_RECOVERY_MS = 15_000;

/**
 * The shared serving mode (`service_mode`, one row) and each instance's heartbeat
 * (`service_instances`). Postgres coordinates the switch because it is the dependency that is up
 * whenever the switch matters. Every transition is a conditional UPDATE, so two instances racing for
 * one lose cleanly.
 */
export class ModeRow {
  constructor(
    private readonly db: Db,
    private readonly instanceId: string,
  ) {}

  async read(): Promise<ModeRowState | null> {
    const row = await this.db('service_mode')
      .where({ id: 1 })
      .first<{ mode: LocalMode; epoch: string; changed_at: Date } | undefined>();
    return row ? { mode: row.mode, epoch: Number(row.epoch), changedAt: row.changed_at } : null;
  }

  /** cache → database (only from cache: a later 'recovering' is not undone by a late report). */
  async enterDatabase(reason: string): Promise<void> {
    await this.db('service_mode')
      .where({ id: 1, mode: 'cache' })
      .update({ mode: 'database', epoch: this.db.raw('epoch + 1'), changed_at: this.db.fn.now(), reason });
  }

  /** This instance's heartbeat: the mode it is in, and the epoch it last saw. */
  async heartbeat(mode: LocalMode, epoch: number): Promise<void> {
    await this.db('service_instances')
      .insert({ id: this.instanceId, mode, epoch, seen_at: this.db.fn.now() })
      .onConflict('id')
      .merge();
  }

  /** database (or a stale recovering) → recovering; the epoch of the recovery if this instance won it. */
  async claimRecovery(): Promise<number | null> {
    const won = await this.db('service_mode')
      .where({ id: 1 })
      .andWhere((q) =>
        q
          .where({ mode: 'database' })
          .orWhere((r) =>
            r
              .where({ mode: 'recovering' })
              .andWhereRaw('changed_at < now() - make_interval(secs => ?)', [STALE_RECOVERY_MS / 1000]),
          ),
      )
      .update({
        mode: 'recovering',
        epoch: this.db.raw('epoch + 1'),
        changed_at: this.db.fn.now(),
        reason: 'redis back',
      })
      .returning<{ epoch: string }[]>('epoch');
    return won.length ? Number(won[0]!.epoch) : null;
  }

  /** Live instances (seen in the last 3 s) not yet recovering at `epoch`. */
  async notYetRecovering(epoch: number): Promise<number> {
    const pending = await this.db('service_instances')
      .whereRaw(`seen_at > now() - interval '3 seconds'`)
      .andWhere((q) => q.whereNot({ mode: 'recovering' }).orWhere('epoch', '<', epoch))
      .count<{ count: string }[]>();
    return Number(pending[0]?.count ?? 0);
  }

  /** recovering → cache, only for the recovery this instance won. */
  async finishRecovery(epoch: number): Promise<void> {
    await this.db('service_mode')
      .where({ id: 1, mode: 'recovering', epoch })
      .update({ mode: 'cache', epoch: epoch + 1, changed_at: this.db.fn.now(), reason: 'caches rebuilt' });
  }

  /** recovering → database after a failed recovery. */
  async abortRecovery(epoch: number): Promise<void> {
    await this.db('service_mode')
      .where({ id: 1, mode: 'recovering', epoch })
      .update({ mode: 'database', changed_at: this.db.fn.now(), reason: 'recovery failed' });
  }
}
