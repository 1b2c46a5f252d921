import { ErrorCode, type SeatOccupancy, type SeatUpdateEntry } from '@fastpass/shared';
import type { RedisClient as Redis } from '../../infra/redis';
import type {
  ExpiredHold,
  HoldBestCommand,
  HoldCommand,
  HoldRecord,
  HoldStore,
  SaleWindow,
  StoreEffects,
  StoreFailure,
  StoreResult,
  TripState,
} from '../hold-store';
import { AppError } from '../../errors';
import type { Logger } from '../../infra/logger';
import { type Batchable, DecisionBatcher } from './decision-batch';
import { type ScriptReply, defineScripts } from './scripts';
import { holdArgs, parseHold, parseOccupancy, toLoadPayload, tripKeys } from './hold-codec';

export { tripKeys };

type ScriptName =
  | 'hold'
  | 'holdbest'
  | 'release'
  | 'claim'
  | 'confirm'
  | 'unsell'
  | 'extend'
  | 'snapshot'
  | 'expire'
  | 'load';
type Scripted = Redis &
  Record<`fp_${ScriptName}`, (...args: Array<string | number>) => Promise<ScriptReply>> & {
    fp_batch: (...args: Array<string | number>) => Promise<string>;
  };
const BATCHABLE = new Set<ScriptName>(['hold', 'release']);

/** Marker arguments of confirm/unsell: adjust the buyer's bought count, or not (just loaded). */
const COUNT_CAPS = '1';
const SKIP_CAPS = '0';

/** A script's reply, decoded (see `script`). */
type Reply = { code: string; effects: StoreEffects; extra: Array<string | number> };

/** Redis implementation of HoldStore: every decision is one Lua script (scripts/*.lua). */
export class RedisHoldStore implements HoldStore {
  private readonly redis: Scripted;
  /** Holds and releases of one trip within one event-loop turn go to Redis as one call. */
  private readonly batch: DecisionBatcher;
  /** Per trip, the cold load under way: every caller that finds the trip cold meanwhile waits for it. */
  private readonly loading = new Map<string, Promise<void>>();

  constructor(
    redis: Redis,
    private readonly loadTrip: (tripId: string) => Promise<TripState>,
    private readonly log?: Logger,
  ) {
    defineScripts(redis);
    const scripted = redis as Scripted;
    this.redis = scripted;
    this.batch = new DecisionBatcher(
      (name, tripId, args) => scripted[`fp_${name}`](...tripKeys(tripId), ...args),
      (tripId, argv) => scripted.fp_batch(...tripKeys(tripId), ...argv),
    );
  }

  async hold(cmd: HoldCommand): Promise<StoreResult<{ expiresAt: number }>> {
    const r = await this.run('hold', cmd.tripId, ...holdArgs(cmd), ...cmd.seatIds);
    if (r.code === 'OK') return { ok: true, expiresAt: Number(r.extra[0]), effects: r.effects };
    return this.fail(r);
  }

  async holdBest(cmd: HoldBestCommand): Promise<StoreResult<{ expiresAt: number; seatIds: string[] }>> {
    const r = await this.run('holdbest', cmd.tripId, ...holdArgs(cmd), cmd.count, ...cmd.candidates);
    if (r.code === 'OK')
      return {
        ok: true,
        expiresAt: Number(r.extra[0]),
        seatIds: r.extra.slice(1).map(String),
        effects: r.effects,
      };
    return this.fail(r);
  }

  async release(tripId: string, holdId: string, userId: string): Promise<StoreResult> {
    return this.plain(await this.run('release', tripId, holdId, userId));
  }

  async claim(
    tripId: string,
    holdId: string,
    userId: string,
    graceMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>> {
    const r = await this.run('claim', tripId, holdId, userId, graceMs, JSON.stringify(window));
    return this.withHold(r, tripId, holdId);
  }

  async confirm(
    tripId: string,
    holdId: string,
    capKey: string,
    mask: number,
    seatIds: string[],
    opId = '',
  ): Promise<StoreResult> {
    return this.plain(await this.run('confirm', tripId, holdId, capKey, mask, COUNT_CAPS, opId, ...seatIds));
  }

  async unsell(
    tripId: string,
    capKey: string,
    mask: number,
    seatIds: string[],
    opId = '',
  ): Promise<StoreResult> {
    return this.plain(await this.run('unsell', tripId, capKey, mask, COUNT_CAPS, opId, ...seatIds));
  }

  async extend(
    tripId: string,
    holdId: string,
    userId: string,
    ttlMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>> {
    const r = await this.run('extend', tripId, holdId, userId, ttlMs, JSON.stringify(window));
    return this.withHold(r, tripId, holdId);
  }

  async snapshot(tripId: string): Promise<StoreResult<{ seats: SeatOccupancy[] }>> {
    const r = await this.run('snapshot', tripId);
    return { ok: true, seats: parseOccupancy(String(r.extra[0] ?? '')), effects: r.effects };
  }

  async expireDue(tripId: string): Promise<StoreResult<{ active: number }>> {
    const r = await this.script('expire', tripId, []);
    return { ok: true, active: Number(r.extra[0]), effects: r.effects };
  }

  /** Holds granted and refused as taken per trip, as counted by the scripts (see _lib.lua). */
  async decisionCounts(tripIds: string[]): Promise<Map<string, { held: number; taken: number }>> {
    // One command per trip (auto-pipelined per node): a pipeline may not span cluster slots.
    const replies = await Promise.all(
      tripIds.map((id) =>
        this.redis.hmget(tripKeys(id)[0]!, 'n:held', 'n:taken').catch(() => [] as Array<string | null>),
      ),
    );
    const out = new Map<string, { held: number; taken: number }>();
    tripIds.forEach((id, i) => {
      const [held, taken] = replies[i] ?? [];
      out.set(id, { held: Number(held ?? 0), taken: Number(taken ?? 0) });
    });
    return out;
  }

  /**
   * Marks these trips' caches cold, so each reloads from Postgres on its next use (after database
   * mode). The caller lists the trips from Postgres: no key scan, which a cluster cannot answer as one.
   */
  async invalidate(tripIds: string[]): Promise<number> {
    const n = await Promise.all(tripIds.map((id) => this.redis.hdel(tripKeys(id)[0]!, 'loaded')));
    return n.reduce((a, b) => a + b, 0);
  }

  /** Runs a script; a cold trip is loaded from Postgres once and the script retried. */
  private async run(name: ScriptName, tripId: string, ...args: Array<string | number>) {
    const first = await this.script(name, tripId, args);
    if (first.code !== 'COLD') return first;
    // A confirm or unsell comes after its Postgres commit and loads for itself, as it always did: a load
    // already under way may have read Postgres before that commit.
    const flagAt = name === 'confirm' ? 3 : name === 'unsell' ? 2 : -1;
    await (flagAt >= 0 ? this.load(tripId) : this.warm(tripId));
    // What was just loaded from Postgres already counts a committed purchase or cancellation (and
    // marked its outbox op applied): the retry only retires the hold, without counting or marking.
    const opAt = flagAt + 1;
    const second = await this.script(
      name,
      tripId,
      args.map((a, i) => (i === flagAt ? SKIP_CAPS : flagAt >= 0 && i === opAt ? '' : a)),
    );
    if (second.code === 'COLD') throw new Error(`trip ${tripId} cache did not load`);
    // A COLD reply changed nothing (scripts return it before any write), so only the retry has effects.
    return second;
  }

  /**
   * Loads a cold trip from Postgres into Redis, once per instance however many requests find it cold
   * together. Why: the first minute of a sale sends a crowd at trips nobody has touched yet (and a
   * Redis recovery makes every trip cold at once); each load is a REPEATABLE READ transaction over the
   * trip's tickets and holds, so a thousand first clicks would be a thousand of them, on the database the
   * rush is meant to spare. load-6.lua ignores a load of a trip already loaded, so a second load after
   * this one (a caller whose COLD answer arrived late) only wastes work.
   */
  private warm(tripId: string): Promise<void> {
    let pending = this.loading.get(tripId);
    if (!pending) {
      pending = this.load(tripId).finally(() => this.loading.delete(tripId));
      this.loading.set(tripId, pending);
    }
    return pending;
  }

  private async load(tripId: string): Promise<void> {
    const state = await this.loadTrip(tripId);
    await this.script('load', tripId, [JSON.stringify(toLoadPayload(state))]);
  }

  private async script(name: ScriptName, tripId: string, args: Array<string | number>) {
    const started = performance.now();
    const call = BATCHABLE.has(name)
      ? this.batch.submit(name as Batchable, tripId, args)
      : this.redis[`fp_${name}`](...tripKeys(tripId), ...args);
    const [code, version, changedFlat, expiredFlat, extra] = await call.catch((err: Error) => {
      if (!err.message.startsWith('CORRUPT')) throw err;
      throw new AppError(
        ErrorCode.INTERNAL,
        `the seat cache of trip ${tripId} is damaged (${err.message.slice(8)}); nothing was changed`,
      );
    });
    const changed: SeatUpdateEntry[] = [];
    for (let i = 0; i + 3 < changedFlat.length; i += 4) {
      changed.push({
        id: String(changedFlat[i]),
        held: Number(changedFlat[i + 1]),
        sold: Number(changedFlat[i + 2]),
        v: Number(changedFlat[i + 3]),
      });
    }
    const expired: ExpiredHold[] = [];
    for (let i = 0; i + 2 < expiredFlat.length; i += 3) {
      expired.push({
        holdId: expiredFlat[i]!,
        userId: expiredFlat[i + 1]!,
        seatIds: expiredFlat[i + 2]!.split(','),
      });
    }
    const effects: StoreEffects = { tripId, version: Number(version), changed, expired };
    if (this.log?.isLevelEnabled('debug'))
      this.log.debug(
        {
          script: `${name}-6.lua`,
          tripId,
          code,
          version: Number(version),
          changed: changed.length,
          ms: +(performance.now() - started).toFixed(2),
        },
        'lua script decided',
      );
    return { code, effects, extra };
  }

  /** A reply whose success carries nothing but effects. */
  private plain(r: Reply): StoreResult {
    return r.code === 'OK' ? { ok: true, effects: r.effects } : this.fail(r);
  }

  /** A reply whose success carries the hold record (claim, extend). */
  private withHold(r: Reply, tripId: string, holdId: string): StoreResult<{ hold: HoldRecord }> {
    if (r.code !== 'OK') return this.fail(r);
    return { ok: true, hold: parseHold(tripId, holdId, String(r.extra[0])), effects: r.effects };
  }

  private fail(r: {
    code: string;
    effects: StoreEffects;
    extra: Array<string | number>;
  }): StoreResult<never> {
    const code = r.code as StoreFailure;
    return code === 'SEAT_TAKEN'
      ? { ok: false, code, seatIds: r.extra.map(String), effects: r.effects }
      : { ok: false, code, effects: r.effects };
  }
}
