import type { SeatOccupancy, SeatUpdateEntry } from '@fastpass/shared';
import type { RedisClient as Redis } from '../../../server/src/infra/redis';
import Redlock, { type Lock } from 'redlock';
import {
  type ExpiredHold,
  type HoldCommand,
  type HoldRecord,
  type HoldStore,
  type StoreEffects,
  type StoreResult,
  type TripState,
  newHoldRecord,
} from '../../../server/src/booking/hold-store';

/*
 * The seed's own method, kept as a benchmark baseline (bench/src/seed-redlock/server.ts; never in production):
 * every seat's state is a plain Redis key holding JSON, and every decision is a read-check-write in
 * Node.js under Redlock locks, one lock per seat (plus one per hold for owner operations). This is the
 * approach FastPass replaced with one Lua script per decision; `npm run bench` measures both.
 *
 * It is still correct, only slower:
 * - all-or-nothing: a call takes the lock of every seat it touches, in sorted order (no deadlock),
 *   reads them, decides, writes them, then unlocks;
 * - lock order is always hold lock first, then seat locks sorted, so no cycle can form;
 * - the per-user cap is an atomic HINCRBY checked after the increment and undone on refusal, so it
 *   can never be exceeded (concurrent calls of one user may be refused conservatively);
 * - expiry happens in the sweeper (`expireDue`), not inline: an expired hold can block its seats for up
 *   to one sweep interval. The Lua store expires inline; this is one of the seed's known weaknesses.
 * Not supported (not needed by the rush): extend, a shared allowance per verified identity. No holdBest: the service falls back to snapshot+hold.
 */

const LOCK_MS = 5000;
const NOT_SUPPORTED = 'not supported by the seed-redlock baseline';

interface SeatState {
  h: number;
  s: number;
  v: number;
}

interface StoredHold extends HoldRecord {
  st: 'A' | 'E' | 'R' | 'P';
  payingUntil: number;
}

const keys = (tripId: string) => {
  const p = `seed:${tripId}`;
  return {
    loaded: `${p}:loaded`,
    ver: `${p}:ver`,
    seats: `${p}:seats`,
    exp: `${p}:exp`,
    caps: `${p}:caps`,
    seat: (id: string) => `${p}:seat:${id}`,
    hold: (id: string) => `${p}:hold:${id}`,
    seatLock: (id: string) => `seed-lock:${tripId}:seat:${id}`,
    holdLock: (id: string) => `seed-lock:${tripId}:hold:${id}`,
    loadLock: `seed-lock:${tripId}:load`,
  };
};

const parseSeat = (raw: string | null): SeatState =>
  raw ? (JSON.parse(raw) as SeatState) : { h: 0, s: 0, v: 0 };
const deadline = (h: StoredHold) => Math.max(h.expiresAt, h.payingUntil);

export class RedlockHoldStore implements HoldStore {
  private readonly redlock: Redlock;
  private readonly loaded = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly loadTrip: (tripId: string) => Promise<TripState>,
  ) {
    this.redlock = new Redlock([redis], { retryCount: 200, retryDelay: 10, retryJitter: 10 });
    this.redlock.on('error', () => {});
  }

  async hold(cmd: HoldCommand): Promise<StoreResult<{ expiresAt: number }>> {
    const k = keys(cmd.tripId);
    // The seed judged the sale window by the caller's clock (the Lua and Postgres stores use their own).
    const at = Date.now();
    if (at < cmd.window.opensAt || at >= (cmd.window.closesAt[cmd.from] ?? 0))
      return { ok: false, code: 'SALE_CLOSED', effects: this.noEffects(cmd.tripId) };
    await this.ensureLoaded(cmd.tripId);
    const n = cmd.seatIds.length;
    const held = await this.redis.hincrby(k.caps, `h:${cmd.userId}`, n);
    const bought = Number((await this.redis.hget(k.caps, `b:${cmd.userId}`)) ?? 0);
    if (held + bought > cmd.maxSeats) {
      await this.redis.hincrby(k.caps, `h:${cmd.userId}`, -n);
      return { ok: false, code: 'LIMIT_EXCEEDED', effects: this.noEffects(cmd.tripId) };
    }
    let committed = false;
    try {
      return await this.withSeatLocks(cmd.tripId, cmd.seatIds, async () => {
        const states = await this.readSeats(cmd.tripId, cmd.seatIds);
        const taken = cmd.seatIds.filter((_, i) => ((states[i]!.h | states[i]!.s) & cmd.mask) !== 0);
        if (taken.length > 0)
          return { ok: false, code: 'SEAT_TAKEN', seatIds: taken, effects: this.noEffects(cmd.tripId) };
        const now = Date.now();
        const record: StoredHold = { ...newHoldRecord(cmd, cmd.seatIds, now), st: 'A', payingUntil: 0 };
        const effects = await this.write(
          cmd.tripId,
          cmd.seatIds.map((id, i) => [id, { ...states[i]!, h: states[i]!.h | cmd.mask }]),
          (m) => m.set(k.hold(cmd.holdId), JSON.stringify(record)).zadd(k.exp, record.expiresAt, cmd.holdId),
        );
        committed = true;
        return { ok: true, expiresAt: record.expiresAt, effects };
      });
    } finally {
      if (!committed) await this.redis.hincrby(k.caps, `h:${cmd.userId}`, -n);
    }
  }

  async release(tripId: string, holdId: string, userId: string): Promise<StoreResult> {
    await this.ensureLoaded(tripId);
    return this.withHold(tripId, holdId, userId, async (rec) => {
      const effects = await this.endHold(rec, 'R');
      return { ok: true, effects };
    });
  }

  async claim(
    tripId: string,
    holdId: string,
    userId: string,
    graceMs: number,
  ): Promise<StoreResult<{ hold: HoldRecord }>> {
    await this.ensureLoaded(tripId);
    return this.withHold(tripId, holdId, userId, async (rec) => {
      const next: StoredHold = { ...rec, payingUntil: Date.now() + graceMs };
      const k = keys(tripId);
      await this.redis
        .multi()
        .set(k.hold(holdId), JSON.stringify(next))
        .zadd(k.exp, deadline(next), holdId)
        .exec();
      return { ok: true, hold: toRecord(next), effects: this.noEffects(tripId) };
    });
  }

  async confirm(
    tripId: string,
    holdId: string,
    userId: string,
    mask: number,
    seatIds: string[],
  ): Promise<StoreResult> {
    await this.ensureLoaded(tripId);
    const k = keys(tripId);
    const lock = await this.redlock.acquire([k.holdLock(holdId)], LOCK_MS);
    try {
      const raw = await this.redis.get(k.hold(holdId));
      const rec = raw ? (JSON.parse(raw) as StoredHold) : null;
      if (rec?.st === 'P') return { ok: true, effects: this.noEffects(tripId) };
      const active = rec?.st === 'A';
      return await this.withSeatLocks(tripId, seatIds, async () => {
        const states = await this.readSeats(tripId, seatIds);
        const effects = await this.write(
          tripId,
          seatIds.map((id, i) => {
            const st = states[i]!;
            return [id, { ...st, h: active ? st.h & ~mask : st.h, s: st.s | mask }];
          }),
          (m) => {
            if (active) m.hincrby(k.caps, `h:${userId}`, -seatIds.length);
            m.hincrby(k.caps, `b:${userId}`, seatIds.length);
            if (rec) m.set(k.hold(holdId), JSON.stringify({ ...rec, st: 'P' })).zrem(k.exp, holdId);
          },
        );
        return { ok: true, effects };
      });
    } finally {
      await lock.release().catch(() => {});
    }
  }

  async unsell(tripId: string, userId: string, mask: number, seatIds: string[]): Promise<StoreResult> {
    await this.ensureLoaded(tripId);
    const k = keys(tripId);
    return this.withSeatLocks(tripId, seatIds, async () => {
      const states = await this.readSeats(tripId, seatIds);
      const effects = await this.write(
        tripId,
        seatIds.map((id, i) => [id, { ...states[i]!, s: states[i]!.s & ~mask }]),
        (m) => m.hincrby(k.caps, `b:${userId}`, -seatIds.length),
      );
      return { ok: true, effects };
    });
  }

  extend(): never {
    throw new Error(`extend is ${NOT_SUPPORTED}`);
  }

  async snapshot(tripId: string): Promise<StoreResult<{ seats: SeatOccupancy[] }>> {
    await this.ensureLoaded(tripId);
    const k = keys(tripId);
    const ids = await this.redis.smembers(k.seats);
    const states = ids.length ? await this.readSeats(tripId, ids) : [];
    const version = Number((await this.redis.get(k.ver)) ?? 0);
    return {
      ok: true,
      seats: ids.map((id, i) => ({ id, held: states[i]!.h, sold: states[i]!.s, v: states[i]!.v })),
      effects: { tripId, version, changed: [], expired: [] },
    };
  }

  async expireDue(tripId: string): Promise<StoreResult<{ active: number }>> {
    await this.ensureLoaded(tripId);
    const k = keys(tripId);
    const due = await this.redis.zrangebyscore(k.exp, '-inf', Date.now(), 'LIMIT', 0, 200);
    const all: StoreEffects = this.noEffects(tripId);
    for (const holdId of due) {
      const lock = await this.redlock.acquire([k.holdLock(holdId)], LOCK_MS);
      try {
        const raw = await this.redis.get(k.hold(holdId));
        const rec = raw ? (JSON.parse(raw) as StoredHold) : null;
        if (!rec || rec.st !== 'A') {
          await this.redis.zrem(k.exp, holdId);
          continue;
        }
        if (deadline(rec) > Date.now()) {
          await this.redis.zadd(k.exp, deadline(rec), holdId);
          continue;
        }
        const e = await this.endHold(rec, 'E');
        all.version = e.version;
        all.changed.push(...e.changed);
        all.expired.push(...e.expired);
      } finally {
        await lock.release().catch(() => {});
      }
    }
    return { ok: true, active: await this.redis.zcard(k.exp), effects: all };
  }

  /** Owner operations: under the hold's lock, the hold must exist, be the caller's and be live. */
  private async withHold<T extends object>(
    tripId: string,
    holdId: string,
    userId: string,
    fn: (rec: StoredHold) => Promise<StoreResult<T>>,
  ): Promise<StoreResult<T>> {
    const k = keys(tripId);
    const lock = await this.redlock.acquire([k.holdLock(holdId)], LOCK_MS);
    try {
      const raw = await this.redis.get(k.hold(holdId));
      if (!raw) return { ok: false, code: 'NOT_FOUND', effects: this.noEffects(tripId) };
      const rec = JSON.parse(raw) as StoredHold;
      if (rec.userId !== userId) return { ok: false, code: 'FORBIDDEN', effects: this.noEffects(tripId) };
      if (rec.st !== 'A') return { ok: false, code: 'HOLD_EXPIRED', effects: this.noEffects(tripId) };
      if (deadline(rec) <= Date.now()) {
        const effects = await this.endHold(rec, 'E');
        return { ok: false, code: 'HOLD_EXPIRED', effects };
      }
      return await fn(rec);
    } finally {
      await lock.release().catch(() => {});
    }
  }

  /** Ends a live hold (caller holds its lock): its held legs come free, the owner's allowance back. */
  private async endHold(rec: StoredHold, st: 'E' | 'R'): Promise<StoreEffects> {
    const k = keys(rec.tripId);
    return this.withSeatLocks(rec.tripId, rec.seatIds, async () => {
      const states = await this.readSeats(rec.tripId, rec.seatIds);
      const effects = await this.write(
        rec.tripId,
        rec.seatIds.map((id, i) => [id, { ...states[i]!, h: states[i]!.h & ~rec.mask }]),
        (m) =>
          m
            .hincrby(k.caps, `h:${rec.userId}`, -rec.seatIds.length)
            .set(k.hold(rec.holdId), JSON.stringify({ ...rec, st }), 'PX', 3_600_000)
            .zrem(k.exp, rec.holdId),
      );
      if (st === 'E') effects.expired.push({ holdId: rec.holdId, userId: rec.userId, seatIds: rec.seatIds });
      return effects;
    });
  }

  /** One Redlock lock per seat, taken one by one in sorted order, released whatever happens. */
  private async withSeatLocks<T>(tripId: string, seatIds: string[], fn: () => Promise<T>): Promise<T> {
    const k = keys(tripId);
    const locks: Lock[] = [];
    try {
      for (const id of [...seatIds].sort()) locks.push(await this.redlock.acquire([k.seatLock(id)], LOCK_MS));
      return await fn();
    } finally {
      await Promise.all(locks.map((l) => l.release().catch(() => {})));
    }
  }

  private async readSeats(tripId: string, seatIds: string[]): Promise<SeatState[]> {
    const k = keys(tripId);
    return (await this.redis.mget(seatIds.map(k.seat))).map(parseSeat);
  }

  /** Writes seats (one new trip version for all of them) plus extra commands, in one MULTI. */
  private async write(
    tripId: string,
    seats: Array<[string, SeatState]>,
    extra: (m: ReturnType<Redis['multi']>) => unknown,
  ): Promise<StoreEffects> {
    const k = keys(tripId);
    const version = await this.redis.incr(k.ver);
    const m = this.redis.multi();
    const changed: SeatUpdateEntry[] = [];
    for (const [id, st] of seats) {
      m.set(k.seat(id), JSON.stringify({ h: st.h, s: st.s, v: version }));
      changed.push({ id, held: st.h, sold: st.s, v: version });
    }
    if (seats.length) m.sadd(k.seats, ...seats.map(([id]) => id));
    extra(m);
    await m.exec();
    return { tripId, version, changed, expired: [] as ExpiredHold[] };
  }

  private noEffects(tripId: string): StoreEffects {
    return { tripId, version: 0, changed: [], expired: [] };
  }

  /** Builds a trip's cache from Postgres once (under a lock), like the seed did on first use. */
  private async ensureLoaded(tripId: string): Promise<void> {
    if (this.loaded.has(tripId)) return;
    const k = keys(tripId);
    if ((await this.redis.get(k.loaded)) !== '1') {
      const lock = await this.redlock.acquire([k.loadLock], LOCK_MS * 2);
      try {
        if ((await this.redis.get(k.loaded)) !== '1') await this.load(tripId);
      } finally {
        await lock.release().catch(() => {});
      }
    }
    this.loaded.add(tripId);
  }

  private async load(tripId: string): Promise<void> {
    const k = keys(tripId);
    const state = await this.loadTrip(tripId);
    const current = Number((await this.redis.get(k.ver)) ?? 0);
    const version = Math.max(current, state.version ?? 0, Date.now() * 1000);
    const seats = new Map<string, SeatState>();
    const seat = (id: string) => {
      let st = seats.get(id);
      if (!st) {
        st = { h: 0, s: 0, v: version };
        seats.set(id, st);
      }
      return st;
    };
    for (const [id, mask] of Object.entries(state.sold)) seat(id).s |= mask;
    const caps = new Map<string, number>();
    for (const [uid, n] of Object.entries(state.bought)) caps.set(`b:${uid}`, n);
    const m = this.redis.multi();
    for (const h of state.holds) {
      for (const id of h.seatIds) seat(id).h |= h.mask;
      caps.set(`h:${h.userId}`, (caps.get(`h:${h.userId}`) ?? 0) + h.seatIds.length);
      const rec: StoredHold = { ...h, st: 'A', payingUntil: 0 };
      m.set(k.hold(h.holdId), JSON.stringify(rec)).zadd(k.exp, h.expiresAt, h.holdId);
    }
    m.del(k.caps, k.seats);
    for (const [id, st] of seats) m.set(k.seat(id), JSON.stringify(st)).sadd(k.seats, id);
    for (const [field, n] of caps) m.hset(k.caps, field, n);
    m.set(k.ver, version).set(k.loaded, '1');
    await m.exec();
  }
}

function toRecord(h: StoredHold): HoldRecord {
  return {
    holdId: h.holdId,
    tripId: h.tripId,
    userId: h.userId,
    mask: h.mask,
    from: h.from,
    to: h.to,
    seatIds: h.seatIds,
    expiresAt: h.expiresAt,
    createdAt: h.createdAt,
    extended: h.extended,
  };
}
