import type { Knex } from 'knex';
import type { EffectsSink } from '../booking/effects';
import type { HoldStore } from '../booking/hold-store';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';

/** A change of sold legs Postgres committed, for the cache to apply (one row of `cache_outbox`). */
export interface OutboxOp {
  id: string;
  tripId: string;
  kind: 'confirm' | 'unsell';
  orderId: string | null;
  holdId: string | null;
  capKey: string;
  mask: number;
  seatIds: string[];
}

interface OutboxRow {
  id: string;
  trip_id: string;
  kind: 'confirm' | 'unsell';
  order_id: string | null;
  hold_id: string | null;
  cap_key: string;
  mask: number;
  seat_ids: string[];
}

const toOp = (r: OutboxRow): OutboxOp => ({
  id: String(r.id),
  tripId: r.trip_id,
  kind: r.kind,
  orderId: r.order_id,
  holdId: r.hold_id,
  capKey: r.cap_key,
  mask: r.mask,
  seatIds: r.seat_ids,
});

/** Written in the transaction that changes sold legs, so the change and its cache op commit together. */
export async function addOutboxOp(trx: Knex | Knex.Transaction, op: Omit<OutboxOp, 'id'>): Promise<OutboxOp> {
  const [row] = await trx<OutboxRow>('cache_outbox')
    .insert({
      trip_id: op.tripId,
      kind: op.kind,
      order_id: op.orderId,
      hold_id: op.holdId,
      cap_key: op.capKey,
      mask: op.mask,
      seat_ids: op.seatIds,
    })
    .returning('*');
  return toOp(row as OutboxRow);
}

export interface CacheOutboxOptions {
  /** How often the relay looks for ops nobody applied. */
  intervalMs: number;
  /** An op younger than this is left to the request that wrote it. */
  graceMs: number;
}

/**
 * Redis converges to Postgres. Every committed purchase, payment capture and cancellation leaves an op
 * in `cache_outbox` (same transaction). The request applies it at once; if that fails (Redis hiccup,
 * crash, SIGTERM) the relay on any instance applies it within seconds. Ops carry their id into the
 * Lua scripts, which apply each id once, so a retry or a second relay changes nothing twice; a cache
 * rebuilt from Postgres marks the ops its snapshot already reflects (trip-state.repo.ts).
 */
export class CacheOutbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private doneIds: string[] = [];
  private passes = 0;

  constructor(
    private readonly deps: { db: Db; store: () => HoldStore; sink: EffectsSink; log: Logger },
    private readonly opts: CacheOutboxOptions,
  ) {}

  /** Applies an op to the cache now, a few tries; false leaves it to the relay. */
  async apply(op: OutboxOp, tries = 3): Promise<boolean> {
    for (let attempt = 0; attempt < tries; attempt++) {
      try {
        const store = this.deps.store();
        const r =
          op.kind === 'confirm'
            ? await store.confirm(op.tripId, op.holdId ?? '', op.capKey, op.mask, op.seatIds, op.id)
            : await store.unsell(op.tripId, op.capKey, op.mask, op.seatIds, op.id);
        this.deps.sink.publish(r.effects);
        this.doneIds.push(op.id);
        return true;
      } catch (err) {
        this.deps.log.warn({ err: String(err), op: op.id, tripId: op.tripId }, `cache ${op.kind} failed`);
        if (attempt + 1 < tries) await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
    this.deps.log.error({ op: op.id, tripId: op.tripId }, `cache ${op.kind} left to the outbox relay`);
    return false;
  }

  /** One pass: claims stale ops (SKIP LOCKED, so instances share the work), applies, marks them done. */
  async relayOnce(limit = 100): Promise<number> {
    await this.flushDone();
    const res = await this.deps.db.raw<{ rows: OutboxRow[] }>(
      `UPDATE cache_outbox SET claimed_until = now() + interval '15 seconds'
       WHERE id IN (
         SELECT id FROM cache_outbox
         WHERE done_at IS NULL AND created_at < now() - make_interval(secs => ?)
           AND (claimed_until IS NULL OR claimed_until < now())
         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [this.opts.graceMs / 1000, limit],
    );
    let applied = 0;
    for (const row of res.rows.sort((a, b) => Number(a.id) - Number(b.id))) {
      if (await this.apply(toOp(row), 1)) applied++;
    }
    await this.flushDone();
    return applied;
  }

  private async flushDone(): Promise<void> {
    if (this.doneIds.length === 0) return;
    const ids = this.doneIds.splice(0);
    try {
      await this.deps.db('cache_outbox').whereIn('id', ids).update({ done_at: this.deps.db.fn.now() });
    } catch (err) {
      // Not marked: the relay applies them again, which the scripts turn into no-ops.
      this.deps.log.warn({ err: String(err) }, 'could not mark cache ops done');
    }
  }

  start(): void {
    const tick = () => {
      this.running = this.relayOnce()
        .then(async () => {
          // Applied ops are kept a day for inspection, then dropped (rarely: it is a scan).
          if (++this.passes % 600 !== 1) return;
          await this.deps
            .db('cache_outbox')
            .whereNotNull('done_at')
            .where('done_at', '<', this.deps.db.raw(`now() - interval '1 day'`))
            .del();
        })
        .catch((err) => this.deps.log.warn({ err: String(err) }, 'cache outbox relay pass failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.opts.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.opts.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.flushDone();
  }
}
