import type { SeatUpdateEntry } from '@fastpass/shared';
import type { Knex } from 'knex';
import { type SaleWindow, windowClosed } from '../../sales/sale';
import type { ExpiredHold, HoldCommand, StoreEffects, StoreFailure } from '../hold-store';
import {
  FLOOR,
  HOLD_COLUMNS,
  type HoldRow,
  type HoldStatus,
  MASK,
  deadline,
  seatHolds,
  seatKeyOf,
  textArray,
} from './holds.table';

/*
 * One call of the Postgres hold store inside its trip transaction (see pg-hold-store.ts for locking,
 * time and versions): the trip's picture, the per-trip lock, and the TripTx that reads and writes the
 * trip's holds under it.
 */

/**
 * One statement (so one consistent MVCC snapshot): the trip's version, whether it has unseated holds,
 * how many live holds are past their deadline, and the occupancy of every seat of the trip's train
 * plus any other occupied seat. With unseated holds the occupancy is not the whole truth yet.
 */
export async function tripPicture(
  conn: Knex | Knex.Transaction,
  tripId: string,
): Promise<{
  version: number | null;
  unseated: boolean;
  due: number;
  seats: Array<[string, number, number]>;
}> {
  const { rows } = await conn.raw<{
    rows: Array<{
      version: string | null;
      unseated: boolean | null;
      due: number;
      seats: Array<[string, number, number]>;
    }>;
  }>(
    `WITH h AS (SELECT seat_id, bit_or(${MASK}) AS m FROM hold_seats
                WHERE trip_id = ? AND active GROUP BY seat_id),
          t AS (SELECT seat_id, bit_or(${MASK}) AS m FROM tickets
                WHERE trip_id = ? AND active GROUP BY seat_id),
          ids AS (SELECT s.id AS seat_id FROM trips tr JOIN seats s ON s.consist_id = tr.consist_id
                  WHERE tr.id = ?
                  UNION SELECT seat_id FROM h
                  UNION SELECT seat_id FROM t)
     SELECT v.version, v.unseated,
            (SELECT count(*)::int FROM holds WHERE trip_id = ? AND status = 'active'
               AND greatest(expires_at, paying_until) <= clock_timestamp()) AS due,
            coalesce((SELECT json_agg(json_build_array(ids.seat_id, coalesce(h.m, 0), coalesce(t.m, 0))
                                      ORDER BY ids.seat_id)
                      FROM ids LEFT JOIN h USING (seat_id) LEFT JOIN t USING (seat_id)), '[]') AS seats
     FROM (SELECT 1) AS one LEFT JOIN trip_versions v ON v.trip_id = ?`,
    [tripId, tripId, tripId, tripId, tripId],
  );
  const r = rows[0]!;
  return {
    version: r.version === null ? null : Number(r.version),
    unseated: r.unseated === true,
    due: r.due,
    seats: r.seats,
  };
}

/** The state of one call inside its trip transaction: the clock, the version, what changed. */
export class TripTx {
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
    if (window && windowClosed(window, row.from_code, this.now)) return 'SALE_CLOSED';
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
         ARRAY(SELECT s FROM unnest(?::text[]) AS s
               WHERE EXISTS (SELECT 1 FROM hold_seats h WHERE h.seat_key = ${seatKeyOf('?::text', 's')}
                               AND h.trip_id = ? AND h.seat_id = s AND h.active AND h.legs && ?::int4range)
                  OR EXISTS (SELECT 1 FROM tickets t WHERE t.seat_key = ${seatKeyOf('?::text', 's')}
                               AND t.trip_id = ? AND t.seat_id = s AND t.active AND t.legs && ?::int4range))
         AS taken`,
      [
        capKey,
        capKey,
        this.tripId,
        this.tripId,
        seats,
        this.tripId,
        this.tripId,
        legs,
        this.tripId,
        this.tripId,
        legs,
      ],
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
                   WHERE h.seat_key = ${seatKeyOf('?::text', 's.id')}
                     AND h.trip_id = ? AND h.seat_id = s.id AND h.active), 0) AS held,
         coalesce((SELECT bit_or(${MASK}) FROM tickets t
                   WHERE t.seat_key = ${seatKeyOf('?::text', 's.id')}
                     AND t.trip_id = ? AND t.seat_id = s.id AND t.active), 0) AS sold
       FROM unnest(?::text[]) WITH ORDINALITY AS s(id, n)
       ORDER BY s.n`,
      [this.tripId, this.tripId, this.tripId, this.tripId, this.tripId, textArray(seats)],
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

/**
 * Starts a call on a trip: takes the per-trip mutex (the `trip_versions` row, created on first use at
 * the version floor), seats the trip's holds the mirror wrote unseated, and reads the clock every
 * decision of the call uses.
 */
export async function openTrip(trx: Knex.Transaction, tripId: string): Promise<TripTx> {
  // The clock is read in the outer query, which only sees the row once it is locked: read next to
  // FOR UPDATE it would predate the wait and let a hold that expired meanwhile still block.
  // Asynchronous commit (this transaction only): the trip lock is released without waiting for the
  // WAL flush, which otherwise bounds a trip to one decision per disk sync. A Postgres crash can lose
  // the last few hundred ms of hold decisions, never a sale (orders commit synchronously, and the
  // tickets constraint fences them): the same durability as holds in Redis, the normal path.
  const lock = () =>
    trx.raw<{ rows: Array<{ version: string; unseated: boolean; now: Date }> }>(
      `WITH locked AS MATERIALIZED (SELECT version, unseated FROM trip_versions WHERE trip_id = ? FOR UPDATE)
       SELECT version, unseated, clock_timestamp() AS now,
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
  if (row.unseated) await seatHolds(trx, tripId);
  return new TripTx(trx, tripId, row.now.getTime(), Number(row.version));
}

/**
 * The same mutex for several trips at once (the hold mirror's batches), taken in trip order so two
 * batches, or a batch and a database-mode call, wait for each other instead of deadlocking. Returns
 * the trips that have unseated holds.
 */
export async function lockTrips(trx: Knex.Transaction, tripIds: string[]): Promise<Set<string>> {
  const sorted = [...new Set(tripIds)].sort();
  await trx.raw(
    `INSERT INTO trip_versions (trip_id, version) SELECT t, ${FLOOR} FROM unnest(?::text[]) AS t ON CONFLICT (trip_id) DO NOTHING`,
    [sorted],
  );
  const { rows } = await trx.raw<{ rows: Array<{ trip_id: string; unseated: boolean }> }>(
    'SELECT trip_id, unseated FROM trip_versions WHERE trip_id = ANY(?) ORDER BY trip_id FOR UPDATE',
    [sorted],
  );
  return new Set(rows.filter((r) => r.unseated).map((r) => r.trip_id));
}
