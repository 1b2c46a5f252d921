import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import type { EffectsSink } from '../booking/effects';
import { tripOfHold } from '../booking/hold-id';
import {
  type EndStatus,
  FLOOR,
  type MirroredHold,
  endHolds,
  insertHoldSeats,
  insertHolds,
  seatHolds,
} from '../booking/postgres/holds.table';
import { lockTrips } from '../booking/postgres/trip-tx';
import {
  type HoldBestCommand,
  type HoldCommand,
  type HoldRecord,
  type HoldStore,
  type SaleWindow,
  type StoreEffects,
  type StoreResult,
  newHoldRecord,
} from '../booking/hold-store';

export type MirrorOp = Op;
/** `decidedV`: the trip version Redis gave the decision (the order of cache-mode holds; 0 if unknown). */
type HoldOp = { kind: 'hold'; hold: HoldRecord; decidedV?: number };
type Op =
  | HoldOp
  | { kind: 'end'; holdId: string; status: EndStatus }
  | { kind: 'extend'; holdId: string; expiresAt: number };

const DEFAULT_MAX_BUFFERED = 200_000;

/**
 * SQLSTATE classes that say "the database or the connection is in trouble, try again later" (connection,
 * resources, shutdown, serialization/deadlock). Anything else with a code is Postgres refusing the content.
 */
const TRANSIENT = /^(08|53|54|55|57|58|40|XX)/;
const refusedForContent = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.length === 5 && !TRANSIENT.test(code);
};
const holdIdOf = (op: Op) => (op.kind === 'hold' ? op.hold.holdId : op.holdId);

/** The changes of a flush that were not written when the database failed part-way. */
class Unwritten extends Error {
  constructor(
    readonly ops: Op[],
    override readonly cause: unknown,
  ) {
    super('hold mirror write interrupted');
  }
}

export type MirrorMetrics = Pick<Metrics, 'mirrorPending' | 'mirrorDropped' | 'mirrorQuarantined'>;
const tripOf = (holdId: string) => tripOfHold(holdId) ?? holdId;

/**
 * Writes the holds Redis decides through to Postgres in the background (batched every flush
 * interval), so that if Redis dies, database mode honours them. Never on the hot path: a hold is
 * answered from Redis; the mirror catches up within one or two intervals.
 *
 * The periodic write (`tick`) holds back the holds made since the previous tick for one more
 * interval: a passenger trying seats lets most of them go within that time, and a hold made and let
 * go before it is written costs Postgres nothing. Everything else — ends, extensions, older holds —
 * is written at once. `flush` (stopping, entering database mode) writes everything.
 *
 * In cache mode Redis is the truth: a hold is written as a `holds` row only, unseated, and the first
 * database-mode call on its trip seats it, newer unseated holds outranking the rows they overlap
 * (their release is still in another instance's buffer; holds.table.ts). Once the shared mode is no
 * longer 'cache', Postgres is the truth: a late mirrored hold is seated at once, and if it overlaps a
 * database-mode hold it loses and its owner is told (`hold:expired`) — the only way a decided hold
 * can be taken back, within one interval of an outage.
 */
export class HoldMirror {
  private ops: Op[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** The write under way writes everything (`flush`), not only what `tick` lets through. */
  private flushingAll = false;
  /** Holds buffered since the last write began: `tick` keeps them back for one more interval. */
  private fresh = new Set<string>();
  private freshSince = Date.now();
  /** Hold ops in `ops` that no write has taken yet, by hold id. */
  private unwritten = new Map<string, HoldOp>();
  /**
   * Hold ops in `ops` whose hold was released or expired before any write took it: Postgres never needs
   * them (no outage can), so the next write leaves them out, with no end op queued either. In a rush
   * most holds are such (a passenger trying seats), and dropping them here is cheaper per hold than
   * queueing the end and collapsing the pair in the write.
   */
  private voided = new Set<Op>();
  /** When the oldest change not yet in Postgres was buffered (buffered, or in a write under way). */
  private bufferedSince: number | null = null;
  private writingSince: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly sink: EffectsSink,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly metrics?: MirrorMetrics,
    private readonly maxBuffered = DEFAULT_MAX_BUFFERED,
  ) {}

  /** Changes waiting for Postgres (also exported as `fastpass_mirror_pending`). */
  get pending(): number {
    return this.ops.length - this.voided.size;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  record(effects: StoreEffects, op?: Op): void {
    for (const e of effects.expired) this.push({ kind: 'end', holdId: e.holdId, status: 'expired' });
    if (op) this.push(op);
  }

  private push(op: Op): void {
    if (op.kind === 'end' && op.status !== 'purchased') {
      const made = this.unwritten.get(op.holdId);
      if (made) {
        this.unwritten.delete(op.holdId);
        this.fresh.delete(op.holdId);
        this.voided.add(made);
        this.metrics?.mirrorPending.set(this.pending);
        return;
      }
    }
    if (this.ops.length >= this.maxBuffered) {
      const dropped = this.ops.shift()!;
      if (dropped.kind === 'hold') this.unwritten.delete(dropped.hold.holdId);
      this.voided.delete(dropped);
      this.metrics?.mirrorDropped.inc();
      this.log.error(
        { holdId: holdIdOf(dropped), pending: this.ops.length },
        'hold mirror buffer full (Postgres away too long); dropped the oldest change',
      );
    }
    this.ops.push(op);
    if (op.kind === 'hold') {
      this.fresh.add(op.hold.holdId);
      this.unwritten.set(op.hold.holdId, op);
    }
    this.bufferedSince ??= Date.now();
    this.metrics?.mirrorPending.set(this.pending);
  }

  /** How long the oldest change decided here has waited for Postgres (0 when all are written). */
  lagMs(now = Date.now()): number {
    return now - Math.min(this.writingSince ?? now, this.bufferedSince ?? now);
  }

  /** The periodic write: everything but the holds made since the previous one (see the class note). */
  tick(): Promise<void> {
    return this.begin(false);
  }

  /** Writes everything buffered; concurrent callers share one flush. */
  async flush(): Promise<void> {
    // A periodic write under way may be keeping the newest holds back: write them after it.
    while (this.flushing && !this.flushingAll) await this.flushing;
    return this.begin(true);
  }

  private begin(all: boolean): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushingAll = all;
    this.flushing = this.flushOnce(all).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(all: boolean): Promise<void> {
    const young = all ? null : this.fresh;
    const youngSince = this.freshSince;
    this.fresh = new Set();
    this.freshSince = Date.now();
    if (this.voided.size) {
      this.ops = this.ops.filter((op) => !this.voided.has(op));
      this.voided.clear();
    }
    if (this.ops.length === 0) {
      this.bufferedSince = null;
      return;
    }
    let batch = this.ops;
    const kept: Op[] = [];
    if (young?.size) {
      batch = [];
      for (const op of this.ops) (young.has(holdIdOf(op)) ? kept : batch).push(op);
    }
    this.ops = kept;
    // What this write takes is Postgres's business from here on: a later end of it is queued as usual.
    for (const op of batch) if (op.kind === 'hold') this.unwritten.delete(op.hold.holdId);
    this.writingSince = this.bufferedSince;
    // What is kept back was all buffered since the previous write began.
    this.bufferedSince = kept.length ? Math.max(this.bufferedSince ?? 0, youngSince) : null;
    if (batch.length === 0) {
      this.writingSince = null;
      return;
    }
    try {
      await this.writeOrIsolate(batch);
      this.writingSince = null;
    } catch (err) {
      this.bufferedSince = this.writingSince;
      this.writingSince = null;
      // The database is away or struggling: keep what was not written, in order, for the next flush.
      const rest = err instanceof Unwritten ? err.ops : batch;
      this.ops = rest.concat(this.ops);
      for (const op of rest) if (op.kind === 'hold') this.unwritten.set(op.hold.holdId, op);
      this.log.warn(
        { err: String(err instanceof Unwritten ? err.cause : err), pending: this.ops.length },
        'hold mirror flush failed; will retry',
      );
    } finally {
      this.metrics?.mirrorPending.set(this.pending);
    }
  }

  /**
   * A batch Postgres refuses for its content is split in halves (in order) until the refused change stands
   * alone; that one is quarantined and every other change is written. A transient failure throws
   * `Unwritten` with exactly the changes not yet written, so nothing is written twice.
   */
  private async writeOrIsolate(batch: Op[]): Promise<void> {
    try {
      await this.write(batch);
      return;
    } catch (err) {
      if (!refusedForContent(err)) throw new Unwritten(batch, err);
      if (batch.length === 1) {
        await this.quarantine(batch[0]!, err).catch((e: unknown) => {
          throw new Unwritten(batch, e);
        });
        return;
      }
    }
    const mid = Math.ceil(batch.length / 2);
    const second = batch.slice(mid);
    await this.writeOrIsolate(batch.slice(0, mid)).catch((e: unknown) => {
      throw e instanceof Unwritten ? new Unwritten(e.ops.concat(second), e.cause) : e;
    });
    await this.writeOrIsolate(second);
  }

  private async quarantine(op: Op, err: unknown): Promise<void> {
    const code = (err as { code: string }).code;
    this.metrics?.mirrorQuarantined.inc();
    this.log.error(
      { holdId: holdIdOf(op), code, err: String(err) },
      'hold mirror: Postgres refused a change; quarantined it (mirror_quarantine) and kept going',
    );
    await this.db('mirror_quarantine').insert({
      hold_id: holdIdOf(op).slice(0, 200),
      op: JSON.stringify(op),
      code,
      error: String(err).slice(0, 2000),
    });
  }

  private async write(batch: Op[]): Promise<void> {
    // Collapse the batch to each hold's final state. A hold made and let go (released, expired) within
    // one batch is written not at all: no outage can need it, and in a rush most holds are such
    // (a passenger trying seats), so Postgres is spared nearly all of them.
    const created = new Map<string, MirroredHold>();
    const ended = new Map<string, EndStatus>();
    const extended = new Map<string, number>();
    for (const op of batch) {
      if (op.kind === 'hold')
        created.set(op.hold.holdId, { ...op.hold, status: 'active', decidedV: op.decidedV ?? 0 });
      else if (op.kind === 'end') {
        const c = created.get(op.holdId);
        if (c) c.status = op.status;
        else ended.set(op.holdId, op.status);
      } else {
        const c = created.get(op.holdId);
        if (c) Object.assign(c, { expiresAt: op.expiresAt, extended: true });
        else extended.set(op.holdId, op.expiresAt);
      }
    }
    for (const [holdId, h] of created)
      if (h.status === 'released' || h.status === 'expired') created.delete(holdId);
    if (created.size === 0 && ended.size === 0 && extended.size === 0) return;
    const revoked: HoldRecord[] = [];
    await this.db.transaction(async (trx) => {
      const row = await trx('service_mode').where({ id: 1 }).forShare().first<{ mode: string }>('mode');
      const cacheIsTruth = row?.mode === 'cache';
      // The Postgres store's per-trip lock, taken in trip order: the mirror and database-mode calls
      // on the same trips then run one after the other instead of deadlocking.
      const trips = [
        ...new Set([
          ...[...created.values()].map((h) => h.tripId),
          ...[...ended.keys(), ...extended.keys()].map(tripOf),
        ]),
      ].sort();
      const unseated = await lockTrips(trx, trips);
      if (!cacheIsTruth) {
        // Postgres decides now: what the mirror changes is a change like any other and needs a new version.
        await trx.raw(
          `UPDATE trip_versions SET version = greatest(version + 1, ${FLOOR}) WHERE trip_id = ANY(?)`,
          [trips],
        );
      }
      for (const [status, ids] of groupBy(ended)) await endHolds(trx, status, ids);
      for (const [holdId, expiresAt] of extended) {
        await trx('holds')
          .where({ id: holdId, status: 'active' })
          .update({ expires_at: new Date(expiresAt), extended: true });
      }
      // The late holds below must meet every live hold: seat what cache mode left unseated, after the
      // ends above (a hold this batch records as bought keeps that status rather than being outranked).
      if (!cacheIsTruth) for (const tripId of unseated) await seatHolds(trx, tripId);
      const fresh = [...created.values()];
      if (fresh.length === 0) return;
      await insertHolds(trx, fresh, !cacheIsTruth);
      if (cacheIsTruth) {
        // Redis decided every one of these: database mode seats them if it ever needs them.
        const flag = [...new Set(fresh.filter((h) => h.status === 'active').map((h) => h.tripId))].filter(
          (t) => !unseated.has(t),
        );
        if (flag.length)
          await trx.raw('UPDATE trip_versions SET unseated = true WHERE trip_id = ANY(?)', [flag]);
        return;
      }
      const settled = fresh.filter((h) => h.status !== 'active');
      if (settled.length) await insertHoldSeats(trx, settled);
      for (const h of fresh) {
        if (h.status !== 'active') continue;
        // Postgres decides now: a late mirrored hold only stands if it conflicts with nothing.
        try {
          await trx.transaction(async (sp) => insertHoldSeats(sp, [h]));
        } catch (err) {
          if ((err as { code?: string }).code !== '23P01') throw err;
          await trx('holds').where({ id: h.holdId }).update({ status: 'expired', ended_at: trx.fn.now() });
          revoked.push(h);
        }
      }
    });
    for (const h of revoked) {
      this.log.warn(
        { holdId: h.holdId },
        'hold made in Redis just before the outage lost to a database-mode hold',
      );
      this.sink.publish({
        tripId: h.tripId,
        version: 0,
        changed: [],
        expired: [{ holdId: h.holdId, userId: h.userId, seatIds: h.seatIds }],
      });
    }
  }
}

function groupBy(m: Map<string, EndStatus>): Map<EndStatus, string[]> {
  const out = new Map<EndStatus, string[]>();
  for (const [id, status] of m) out.set(status, [...(out.get(status) ?? []), id]);
  return out;
}

/** RedisHoldStore plus the write-through: every decided change is also queued for Postgres. */
export class MirroredStore implements HoldStore {
  constructor(
    private readonly inner: HoldStore & Required<Pick<HoldStore, 'holdBest'>>,
    private readonly mirror: HoldMirror,
  ) {}

  private note<T extends object>(
    r: StoreResult<T>,
    op?: (ok: { ok: true; effects: StoreEffects } & T) => Op | undefined,
  ): StoreResult<T> {
    this.mirror.record(r.effects, r.ok && op ? op(r) : undefined);
    return r;
  }

  private holdOf(
    cmd: Omit<HoldCommand, 'seatIds'>,
    seatIds: string[],
    r: { expiresAt: number; effects: StoreEffects },
  ): Op {
    const hold = newHoldRecord(cmd, seatIds, r.expiresAt - cmd.ttlMs);
    return { kind: 'hold', hold, decidedV: r.effects.version };
  }

  async hold(cmd: HoldCommand) {
    return this.note(await this.inner.hold(cmd), (r) => this.holdOf(cmd, cmd.seatIds, r));
  }
  async holdBest(cmd: HoldBestCommand) {
    return this.note(await this.inner.holdBest(cmd), (r) => this.holdOf(cmd, r.seatIds, r));
  }
  async release(tripId: string, holdId: string, userId: string) {
    return this.note(await this.inner.release(tripId, holdId, userId), () => ({
      kind: 'end',
      holdId,
      status: 'released',
    }));
  }
  async claim(tripId: string, holdId: string, userId: string, graceMs: number, window: SaleWindow) {
    return this.note(await this.inner.claim(tripId, holdId, userId, graceMs, window));
  }
  async confirm(
    tripId: string,
    holdId: string,
    capKey: string,
    mask: number,
    seatIds: string[],
    opId?: string,
  ) {
    return this.note(await this.inner.confirm(tripId, holdId, capKey, mask, seatIds, opId), () => ({
      kind: 'end',
      holdId,
      status: 'purchased',
    }));
  }
  async unsell(tripId: string, capKey: string, mask: number, seatIds: string[], opId?: string) {
    return this.note(await this.inner.unsell(tripId, capKey, mask, seatIds, opId));
  }
  async extend(tripId: string, holdId: string, userId: string, ttlMs: number, window: SaleWindow) {
    return this.note(await this.inner.extend(tripId, holdId, userId, ttlMs, window), (r) => ({
      kind: 'extend',
      holdId,
      expiresAt: r.hold.expiresAt,
    }));
  }
  async snapshot(tripId: string) {
    return this.note(await this.inner.snapshot(tripId));
  }
  async expireDue(tripId: string) {
    return this.note(await this.inner.expireDue(tripId));
  }
}
