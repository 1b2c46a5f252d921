import type { SeatOccupancy, SeatUpdateEntry } from '@fastpass/shared';
import type { Knex } from 'knex';
import { type Db, PgCode, pgCode } from '../../infra/db';
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
} from '../hold-store';

/*
 * Postgres implementation of HoldStore: the same decisions as the Redis scripts (redis/scripts/*.lua),
 * as one transaction per call.
 *
 * Locking: every deciding call first takes `trip_versions` FOR UPDATE for its trip and touches only
 * that trip's rows afterwards. One lock per call, always the first one taken, so concurrent calls on a
 * trip run one after another and cannot deadlock; different trips never wait on each other. The
 * `hold_seats` exclusion constraint is the backstop should anything write holds without that lock.
 *
 * Time: "now" is Postgres' clock_timestamp() read right after the lock, and every expiry decision of
 * the call uses it, so an expired hold is deactivated in the same transaction before anything is
 * checked and never blocks a seat, swept or not.
 *
 * Versions: one bump per call that changes seats, to greatest(version + 1, epoch µs). Redis restarts a
 * trip's version at epoch ms × 1000 when it loads and adds 1 per change, so at any instant a µs floor
 * is at or above anything Redis can have handed out (it would need over 1000 changes per ms of a trip
 * to get ahead). The row's own +1 keeps versions strictly increasing even if the clock steps back.
 * The floor assumes Redis and Postgres clocks roughly agree; TripStateRepo.load returns the current
 * Postgres version so a cache rebuilt after database mode can start above it.
 *
 * Sold legs are the `tickets` rows (Postgres is the truth): the order transaction has written or
 * deactivated them before confirm/unsell are called, so those two only retire the hold and report
 * the seats' fresh occupancy.
 */

/** A leg mask of one journey as an int4range bit expression, for bit_or aggregation. */
const MASK = '((1 << upper(legs)) - (1 << lower(legs)))';
/** Epoch microseconds now: the version floor (see the header). */
export const FLOOR = '(floor(extract(epoch from clock_timestamp()) * 1000000))::bigint';

type HoldStatus = 'active' | 'expired' | 'released' | 'purchased';

interface HoldRow {
  id: string;
  user_id: string;
  seat_ids: string[];
  lo: number;
  hi: number;
  from_code: string;
  to_code: string;
  created_at: Date;
  expires_at: Date;
  paying_until: Date | null;
  extended: boolean;
  status: HoldStatus;
}

const HOLD_COLUMNS = `id, user_id, seat_ids, lower(legs) AS lo, upper(legs) AS hi, from_code, to_code,
  created_at, expires_at, paying_until, extended, status`;

type Outcome<T extends object> = ({ ok: true } & T) | { ok: false; code: StoreFailure; seatIds?: string[] };

/** [lo, hi) of a contiguous leg mask; anything else is a caller bug, not a user error. */
export function legsOfMask(mask: number): { lo: number; hi: number } {
  if (!Number.isInteger(mask) || mask <= 0 || mask >= 2 ** 31) throw new Error(`bad leg mask ${mask}`);
  const lo = 31 - Math.clz32(mask & -mask);
  const hi = 32 - Math.clz32(mask);
  if (mask !== 2 ** hi - 2 ** lo) throw new Error(`leg mask ${mask} is not one journey`);
  return { lo, hi };
}

/** The int4range literal of a journey's leg mask. */
function journeyRange(mask: number): string {
  const { lo, hi } = legsOfMask(mask);
  return `[${lo},${hi})`;
}

/** A best-seat candidate "farLeft,nearLeft|seat,...|nearRight,farRight" (see best-seats.ts). */
function parseCandidate(c: string): { left: string[]; seats: string[]; right: string[] } {
  const [left = '', mid = '', right = ''] = c.split('|');
  const list = (p: string) => p.split(',').filter((x) => x.length > 0);
  return { left: list(left), seats: list(mid), right: list(right) };
}

/** A Postgres text[] literal: knex would expand a JS array binding into a list of parameters. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

function toRecord(tripId: string, r: HoldRow): HoldRecord {
  return {
    holdId: r.id,
    tripId,
    userId: r.user_id,
    mask: 2 ** r.hi - 2 ** r.lo,
    from: r.from_code,
    to: r.to_code,
    seatIds: r.seat_ids,
    expiresAt: r.expires_at.getTime(),
    createdAt: r.created_at.getTime(),
    extended: r.extended,
  };
}

/** Outside the sale window at the store's clock `now` (see SaleWindow). */
function saleClosed(window: SaleWindow, from: string, now: number): boolean {
  const closes = window.closesAt[from];
  return closes === undefined || now < window.opensAt || now >= closes;
}

function deadline(r: HoldRow): number {
  return Math.max(r.expires_at.getTime(), r.paying_until?.getTime() ?? 0);
}

/**
 * One statement (so one consistent MVCC snapshot): the trip's version, how many live holds are past
 * their deadline, and the occupancy of every seat of the trip's train plus any other occupied seat.
 */
async function tripPicture(
  conn: Knex | Knex.Transaction,
  tripId: string,
): Promise<{ version: number | null; due: number; seats: Array<[string, number, number]> }> {
  const { rows } = await conn.raw<{
    rows: Array<{
      version: string | null;
      due: number;
      seats: Array<[string, number, number]>;
    }>;
  }>(
    `WITH h AS (SELECT seat_id, bit_or(${MASK}) AS m FROM hold_seats
                WHERE trip_id = ? AND active GROUP BY seat_id),
          t AS (SELECT seat_id, bit_or(${MASK}) AS m FROM tickets
                WHERE trip_id = ? AND active GROUP BY seat_id),
          ids AS (SELECT s.id AS seat_id FROM trips tr JOIN seats s ON s.train_id = tr.train_id
                  WHERE tr.id = ?
                  UNION SELECT seat_id FROM h
                  UNION SELECT seat_id FROM t)
     SELECT (SELECT version FROM trip_versions WHERE trip_id = ?) AS version,
            (SELECT count(*)::int FROM holds WHERE trip_id = ? AND status = 'active'
               AND greatest(expires_at, paying_until) <= clock_timestamp()) AS due,
            coalesce((SELECT json_agg(json_build_array(ids.seat_id, coalesce(h.m, 0), coalesce(t.m, 0))
                                      ORDER BY ids.seat_id)
                      FROM ids LEFT JOIN h USING (seat_id) LEFT JOIN t USING (seat_id)), '[]') AS seats`,
    [tripId, tripId, tripId, tripId, tripId],
  );
  const r = rows[0]!;
  return {
    version: r.version === null ? null : Number(r.version),
    due: r.due,
    seats: r.seats,
  };
}

/** The state of one call inside its trip transaction: the clock, the version, what changed. */
class TripTx {
  private pending: string[] = [];
  private readonly entries = new Map<string, SeatUpdateEntry>();
  readonly expired: ExpiredHold[] = [];

  constructor(
    readonly trx: Knex.Transaction,
    readonly tripId: string,
    readonly now: number,
    public version: number,
  ) {}

  /** Marks seats as changed by this call; their occupancy is read once, at flush. */
  touch(seatIds: readonly string[]): void {
    for (const id of seatIds) if (!this.pending.includes(id)) this.pending.push(id);
  }

  /** Expires every live hold whose deadline (expiry or paying grace) is not after `now`. */
  async expireDue(): Promise<void> {
    const at = new Date(this.now).toISOString();
    const { rows } = await this.trx.raw<{ rows: Array<{ id: string; user_id: string; seat_ids: string[] }> }>(
      `WITH due AS (
         UPDATE holds SET status = 'expired', ended_at = ?::timestamptz
         WHERE trip_id = ? AND status = 'active' AND greatest(expires_at, paying_until) <= ?::timestamptz
         RETURNING id, user_id, seat_ids, greatest(expires_at, paying_until) AS deadline
       ), freed AS (
         UPDATE hold_seats SET active = false FROM due WHERE hold_seats.hold_id = due.id AND hold_seats.active
       )
       SELECT id, user_id, seat_ids FROM due ORDER BY deadline, id`,
      [at, this.tripId, at],
    );
    for (const r of rows) {
      this.touch(r.seat_ids);
      this.expired.push({ holdId: r.id, userId: r.user_id, seatIds: r.seat_ids });
    }
  }

  /** Ends a live hold (expired, released or purchased): its seats' held legs come free. */
  async endHold(row: HoldRow, status: Exclude<HoldStatus, 'active'>): Promise<void> {
    await this.trx.raw(
      `WITH ended AS (
         UPDATE holds SET status = ?, ended_at = ?::timestamptz WHERE id = ? RETURNING id
       )
       UPDATE hold_seats SET active = false FROM ended WHERE hold_seats.hold_id = ended.id`,
      [status, new Date(this.now).toISOString(), row.id],
    );
    if (row.status !== 'active') return;
    this.touch(row.seat_ids);
    if (status === 'expired')
      this.expired.push({ holdId: row.id, userId: row.user_id, seatIds: row.seat_ids });
  }

  async findHold(holdId: string): Promise<HoldRow | undefined> {
    const { rows } = await this.trx.raw<{ rows: HoldRow[] }>(
      `SELECT ${HOLD_COLUMNS} FROM holds WHERE id = ? AND trip_id = ?`,
      [holdId, this.tripId],
    );
    return rows[0];
  }

  /**
   * The caller's live hold, or why not: NOT_FOUND, FORBIDDEN, then SALE_CLOSED (when a window is given;
   * answered before any expiry is written), then HOLD_EXPIRED.
   */
  async ownedLiveHold(holdId: string, userId: string, window?: SaleWindow): Promise<HoldRow | StoreFailure> {
    const row = await this.findHold(holdId);
    if (!row) return 'NOT_FOUND';
    if (row.user_id !== userId) return 'FORBIDDEN';
    if (window && saleClosed(window, row.from_code, this.now)) return 'SALE_CLOSED';
    // Every due hold of the trip expires first (this one among them if its deadline passed).
    await this.expireDue();
    if (row.status !== 'active' || deadline(row) <= this.now) return 'HOLD_EXPIRED';
    return row;
  }

  /**
   * Seats held or bought on the trip under an allowance key (the user's own id, or a verified identity
   * shared by every account with that `users.identity`), and which of `seatIds` are held or sold on
   * legs overlapping `legs`. Tickets of an order whose hold is still live (bought, not yet confirmed)
   * are counted by that hold only, as in the Redis counters.
   */
  async usedAndTaken(
    capKey: string,
    seatIds: string[],
    legs: string,
  ): Promise<{ used: number; taken: Set<string> }> {
    const seats = textArray(seatIds);
    const { rows } = await this.trx.raw<{ rows: Array<{ used: number; taken: string[] }> }>(
      `WITH members AS (SELECT ?::text AS id UNION SELECT id::text FROM users WHERE identity = ?)
       SELECT
         (SELECT coalesce(sum(cardinality(seat_ids)), 0)::int FROM holds
          WHERE trip_id = ? AND user_id IN (SELECT id FROM members) AND status = 'active')
         + (SELECT count(*)::int FROM tickets t JOIN orders o ON o.id = t.order_id
            WHERE t.trip_id = ? AND t.user_id::text IN (SELECT id FROM members) AND t.active
              AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.id = o.hold_id AND h.status = 'active'))
         AS used,
         ARRAY(SELECT seat_id FROM hold_seats
               WHERE trip_id = ? AND active AND seat_id = ANY(?::text[]) AND legs && ?::int4range
               UNION
               SELECT seat_id FROM tickets
               WHERE trip_id = ? AND active AND seat_id = ANY(?::text[]) AND legs && ?::int4range)
         AS taken`,
      [capKey, capKey, this.tripId, this.tripId, this.tripId, seats, legs, this.tripId, seats, legs],
    );
    return { used: rows[0]!.used, taken: new Set(rows[0]!.taken) };
  }

  /** Inserts a live hold over `seatIds` (checked free by the caller); returns its expiry. */
  async createHold(
    cmd: Omit<HoldCommand, 'seatIds' | 'maxSeats'>,
    seatIds: string[],
    legs: string,
  ): Promise<number> {
    const expiresAt = this.now + cmd.ttlMs;
    const seats = textArray(seatIds);
    await this.trx.raw(
      `WITH h AS (
         INSERT INTO holds (id, trip_id, user_id, seat_ids, legs, from_code, to_code, created_at, expires_at)
         VALUES (?, ?, ?, ?::text[], ?::int4range, ?, ?, ?::timestamptz, ?::timestamptz)
         RETURNING id
       )
       INSERT INTO hold_seats (hold_id, trip_id, seat_id, legs)
       SELECT h.id, ?, s.id, ?::int4range FROM h, unnest(?::text[]) AS s(id)`,
      [
        cmd.holdId,
        this.tripId,
        cmd.userId,
        seats,
        legs,
        cmd.from,
        cmd.to,
        new Date(this.now).toISOString(),
        new Date(expiresAt).toISOString(),
        this.tripId,
        legs,
        seats,
      ],
    );
    this.touch(seatIds);
    return expiresAt;
  }

  /** Bumps the version once for the seats changed so far and records their new occupancy. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const seats = this.pending;
    this.pending = [];
    // One statement: the bump, then the seats' occupancy as this transaction's writes left it.
    const { rows } = await this.trx.raw<{
      rows: Array<{ version: string; id: string; held: number; sold: number }>;
    }>(
      `WITH bumped AS (
         UPDATE trip_versions SET version = greatest(version + 1, ${FLOOR}) WHERE trip_id = ? RETURNING version
       )
       SELECT (SELECT version FROM bumped) AS version, s.id,
         coalesce((SELECT bit_or(${MASK}) FROM hold_seats h
                   WHERE h.trip_id = ? AND h.seat_id = s.id AND h.active), 0) AS held,
         coalesce((SELECT bit_or(${MASK}) FROM tickets t
                   WHERE t.trip_id = ? AND t.seat_id = s.id AND t.active), 0) AS sold
       FROM unnest(?::text[]) WITH ORDINALITY AS s(id, n)
       ORDER BY s.n`,
      [this.tripId, this.tripId, this.tripId, textArray(seats)],
    );
    this.version = Number(rows[0]!.version);
    for (const s of rows) {
      // A seat changed twice in one call is reported once, in its final state.
      this.entries.delete(s.id);
      this.entries.set(s.id, { id: s.id, held: s.held, sold: s.sold, v: this.version });
    }
  }

  async effects(): Promise<StoreEffects> {
    await this.flush();
    return {
      tripId: this.tripId,
      version: this.version,
      changed: [...this.entries.values()],
      expired: this.expired,
    };
  }
}

/** Postgres implementation of HoldStore (database mode); see the header for locking and versions. */
export class PgHoldStore implements HoldStore {
  constructor(private readonly db: Db) {}

  hold(cmd: HoldCommand): Promise<StoreResult<{ expiresAt: number }>> {
    const legs = journeyRange(cmd.mask);
    return this.creatingHold(cmd.tripId, cmd.seatIds, async (c): Promise<Outcome<{ expiresAt: number }>> => {
      if (saleClosed(cmd.window, cmd.from, c.now)) return { ok: false, code: 'SALE_CLOSED' };
      await c.expireDue();
      const { used, taken } = await c.usedAndTaken(cmd.capKey, cmd.seatIds, legs);
      if (used + cmd.seatIds.length > cmd.maxSeats) return { ok: false, code: 'LIMIT_EXCEEDED' };
      if (taken.size > 0)
        return { ok: false, code: 'SEAT_TAKEN', seatIds: cmd.seatIds.filter((s) => taken.has(s)) };
      return { ok: true, expiresAt: await c.createHold(cmd, cmd.seatIds, legs) };
    });
  }

  /**
   * Best-available, chosen and held under the trip lock: the first fully free candidate that leaves no
   * lone free seat beside it, else the first fully free one (the rule of holdbest-6.lua).
   */
  holdBest(cmd: HoldBestCommand): Promise<StoreResult<{ expiresAt: number; seatIds: string[] }>> {
    const legs = journeyRange(cmd.mask);
    const groups = cmd.candidates.map(parseCandidate);
    const all = [...new Set(groups.flatMap((g) => [...g.seats, ...g.left, ...g.right]))].filter(
      (s) => s !== '-',
    );
    return this.creatingHold(
      cmd.tripId,
      [],
      async (c): Promise<Outcome<{ expiresAt: number; seatIds: string[] }>> => {
        if (saleClosed(cmd.window, cmd.from, c.now)) return { ok: false, code: 'SALE_CLOSED' };
        await c.expireDue();
        const { used, taken } = await c.usedAndTaken(cmd.capKey, all, legs);
        if (used + cmd.count > cmd.maxSeats) return { ok: false, code: 'LIMIT_EXCEEDED' };
        const free = (s: string | undefined) => s !== undefined && s !== '-' && !taken.has(s);
        // A neighbour is left a lone orphan if it is free and the seat beyond it is not (or is none).
        const orphans = (near: string | undefined, far: string | undefined) => free(near) && !free(far);
        let choice: string[] | null = null;
        for (const g of groups) {
          if (!g.seats.every(free)) continue;
          choice ??= g.seats;
          if (!orphans(g.left[1], g.left[0]) && !orphans(g.right[0], g.right[1])) {
            choice = g.seats;
            break;
          }
        }
        if (!choice) return { ok: false, code: 'SEAT_TAKEN', seatIds: [] };
        return { ok: true, expiresAt: await c.createHold(cmd, choice, legs), seatIds: choice };
      },
    );
  }

  release(tripId: string, holdId: string, userId: string): Promise<StoreResult> {
    return this.inTrip(tripId, async (c): Promise<Outcome<object>> => {
      const row = await c.ownedLiveHold(holdId, userId);
      if (typeof row === 'string') return { ok: false, code: row };
      await c.endHold(row, 'released');
      return { ok: true };
    });
  }

  claim(
    tripId: string,
    holdId: string,
    userId: string,
    graceMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>> {
    return this.inTrip(tripId, async (c): Promise<Outcome<{ hold: HoldRecord }>> => {
      const row = await c.ownedLiveHold(holdId, userId, window);
      if (typeof row === 'string') return { ok: false, code: row };
      const payingUntil = new Date(c.now + graceMs);
      await c.trx.raw('UPDATE holds SET paying_until = ?::timestamptz WHERE id = ?', [
        payingUntil.toISOString(),
        holdId,
      ]);
      return { ok: true, hold: toRecord(tripId, { ...row, paying_until: payingUntil }) };
    });
  }

  confirm(
    tripId: string,
    holdId: string,
    _userId: string,
    _mask: number,
    seatIds: string[],
  ): Promise<StoreResult> {
    return this.inTrip(tripId, async (c): Promise<Outcome<object>> => {
      const row = await c.findHold(holdId);
      // Idempotent, and like the script it answers before expiring anything.
      if (row?.status === 'purchased') return { ok: true };
      // The hold is retired whatever its state (even expired meanwhile); with no row at all there is
      // nothing to retire, and the sold legs are in tickets either way.
      if (row) await c.endHold(row, 'purchased');
      c.touch(seatIds);
      await c.expireDue();
      return { ok: true };
    });
  }

  unsell(tripId: string, _userId: string, _mask: number, seatIds: string[]): Promise<StoreResult> {
    // The cancelled order's tickets are already inactive: only the seats' new occupancy is news.
    return this.inTrip(tripId, async (c): Promise<Outcome<object>> => {
      c.touch(seatIds);
      return { ok: true };
    });
  }

  extend(
    tripId: string,
    holdId: string,
    userId: string,
    ttlMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>> {
    return this.inTrip(tripId, async (c): Promise<Outcome<{ hold: HoldRecord }>> => {
      const row = await c.ownedLiveHold(holdId, userId, window);
      if (typeof row === 'string') return { ok: false, code: row };
      if (row.extended) return { ok: false, code: 'LIMIT_EXCEEDED' };
      const capped = Math.min(c.now + ttlMs, row.created_at.getTime() + 2 * ttlMs);
      const expiresAt = new Date(Math.max(capped, row.expires_at.getTime()));
      await c.trx.raw('UPDATE holds SET expires_at = ?::timestamptz, extended = true WHERE id = ?', [
        expiresAt.toISOString(),
        holdId,
      ]);
      return { ok: true, hold: toRecord(tripId, { ...row, expires_at: expiresAt, extended: true }) };
    });
  }

  /**
   * Without due holds, one lock-free statement gives a consistent picture (reads in database mode
   * should not queue behind holds); otherwise the due holds are expired first, under the lock. Every
   * seat carries v = the snapshot's version: an upper bound of its last change that is exactly what a
   * client needs to drop older updates and keep newer ones, and that stays right after Redis and
   * Postgres took turns on the trip.
   */
  async snapshot(tripId: string): Promise<StoreResult<{ seats: SeatOccupancy[] }>> {
    const quick = await tripPicture(this.db, tripId);
    if (quick.version !== null && quick.due === 0) {
      const v = quick.version;
      return {
        ok: true,
        seats: quick.seats.map(([id, held, sold]) => ({ id, held, sold, v })),
        effects: { tripId, version: v, changed: [], expired: [] },
      };
    }
    return this.inTrip(tripId, async (c): Promise<Outcome<{ seats: SeatOccupancy[] }>> => {
      await c.expireDue();
      await c.flush();
      const pic = await tripPicture(c.trx, tripId);
      const v = c.version;
      return { ok: true, seats: pic.seats.map(([id, held, sold]) => ({ id, held, sold, v })) };
    });
  }

  /** The sweeper's pass; a trip with nothing due is answered without taking its lock. */
  async expireDue(tripId: string): Promise<StoreResult<{ active: number }>> {
    const { rows } = await this.db.raw<{
      rows: Array<{ version: string | null; due: number; active: number }>;
    }>(
      `SELECT (SELECT version FROM trip_versions WHERE trip_id = ?) AS version,
              count(*) FILTER (WHERE greatest(expires_at, paying_until) <= clock_timestamp())::int AS due,
              count(*)::int AS active
       FROM holds WHERE trip_id = ? AND status = 'active'`,
      [tripId, tripId],
    );
    const quick = rows[0]!;
    if (quick.version !== null && quick.due === 0) {
      return {
        ok: true,
        active: quick.active,
        effects: { tripId, version: Number(quick.version), changed: [], expired: [] },
      };
    }
    return this.inTrip(tripId, async (c): Promise<Outcome<{ active: number }>> => {
      await c.expireDue();
      const { rows: left } = await c.trx.raw<{ rows: Array<{ n: number }> }>(
        `SELECT count(*)::int AS n FROM holds WHERE trip_id = ? AND status = 'active'`,
        [tripId],
      );
      return { ok: true, active: left[0]!.n };
    });
  }

  /**
   * Trips with live holds, for a database-mode sweeper (the Redis-backed list of active trips is out of
   * reach while Redis is down). Not part of HoldStore: only the Postgres store can answer it cheaply.
   */
  async tripsWithLiveHolds(): Promise<string[]> {
    const { rows } = await this.db.raw<{ rows: Array<{ trip_id: string }> }>(
      `SELECT DISTINCT trip_id FROM holds WHERE status = 'active'`,
    );
    return rows.map((r) => r.trip_id);
  }

  /** inTrip for calls that insert a hold, mapping the exclusion constraint's refusal to SEAT_TAKEN. */
  private async creatingHold<T extends object>(
    tripId: string,
    seatIds: string[],
    decide: (c: TripTx) => Promise<Outcome<T>>,
  ): Promise<StoreResult<T>> {
    try {
      return await this.inTrip(tripId, decide);
    } catch (err) {
      // Only reachable if something wrote hold rows without the trip lock: the constraint refused the
      // double hold and rolled everything back, so nothing changed.
      if (pgCode(err) !== PgCode.exclusionViolation) throw err;
      const version = await this.currentVersion(tripId);
      return {
        ok: false,
        code: 'SEAT_TAKEN',
        seatIds,
        effects: { tripId, version, changed: [], expired: [] },
      };
    }
  }

  /** Runs one call in a transaction holding the trip's lock; business refusals still commit expiries. */
  private inTrip<T extends object>(
    tripId: string,
    decide: (c: TripTx) => Promise<Outcome<T>>,
  ): Promise<StoreResult<T>> {
    return this.db.transaction(async (trx) => {
      const { version, now } = await this.lockTrip(trx, tripId);
      const c = new TripTx(trx, tripId, now, version);
      const outcome = await decide(c);
      const effects = await c.effects();
      return { ...outcome, effects } as StoreResult<T>;
    });
  }

  /** The per-trip mutex; the row is created on first use at the version floor. */
  private async lockTrip(trx: Knex.Transaction, tripId: string): Promise<{ version: number; now: number }> {
    // The clock is read in the outer query, which only sees the row once it is locked: read next to
    // FOR UPDATE it would predate the wait and let a hold that expired meanwhile still block.
    // Asynchronous commit (this transaction only): the trip lock is released without waiting for the
    // WAL flush, which otherwise bounds a trip to one decision per disk sync. A Postgres crash can lose
    // the last few hundred ms of hold decisions, never a sale (orders commit synchronously, and the
    // tickets constraint fences them): the same durability as holds in Redis, the normal path.
    const lock = () =>
      trx.raw<{ rows: Array<{ version: string; now: Date }> }>(
        `WITH locked AS MATERIALIZED (SELECT version FROM trip_versions WHERE trip_id = ? FOR UPDATE)
         SELECT version, clock_timestamp() AS now,
                set_config('synchronous_commit', 'off', true) AS async_commit
         FROM locked`,
        [tripId],
      );
    let { rows } = await lock();
    if (rows.length === 0) {
      await trx.raw(
        `INSERT INTO trip_versions (trip_id, version) VALUES (?, ${FLOOR}) ON CONFLICT (trip_id) DO NOTHING`,
        [tripId],
      );
      ({ rows } = await lock());
    }
    const row = rows[0]!;
    return { version: Number(row.version), now: row.now.getTime() };
  }

  private async currentVersion(tripId: string): Promise<number> {
    const row = await this.db('trip_versions')
      .where({ trip_id: tripId })
      .first<{ version: string } | undefined>();
    return row ? Number(row.version) : 0;
  }
}
