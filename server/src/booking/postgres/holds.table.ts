import { legMask, legRange } from '@fastpass/shared';
import type { Knex } from 'knex';
import type { HoldRecord } from '../hold-store';

/*
 * The `holds` and `hold_seats` tables, in one place: their row type, the SQL fragments every reader
 * needs, and the batch writers of the hold mirror. A hold is one `holds` row (its status says live or
 * how it ended) and one `hold_seats` row per seat, whose exclusion constraint refuses two live holds
 * of one seat on overlapping legs.
 *
 * Unseated holds: in cache mode the mirror writes the `holds` row alone (`seated` false, `decided_v`
 * the trip version Redis gave the decision) and flags the trip (`trip_versions.unseated`); only
 * database mode reads `hold_seats`, and its first call on the trip seats them (`seatHolds`). Redis
 * decided every unseated hold after it knew of every seated live hold of the trip (those come from
 * database mode, and Redis is rebuilt from Postgres before it decides again), and it never grants two
 * overlapping holds. So a live hold that a newer unseated hold overlaps had ended in Redis, its end
 * still in some instance's buffer: it is outranked (`OUTRANKED`), and seating records it released.
 */

/** A leg mask of one journey as an int4range bit expression, for bit_or aggregation. */
export const MASK = '((1 << upper(legs)) - (1 << lower(legs)))';
/** Epoch microseconds now: the version floor (see the header). */
export const FLOOR = '(floor(extract(epoch from clock_timestamp()) * 1000000))::bigint';

export type HoldStatus = 'active' | 'expired' | 'released' | 'purchased';

export interface HoldRow {
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

export const HOLD_COLUMNS = `id, user_id, seat_ids, lower(legs) AS lo, upper(legs) AS hi, from_code, to_code,
  created_at, expires_at, paying_until, extended, status`;

/**
 * The SQL of a seat's `seat_key` (hold_seats and tickets; migration 20261223000001, which stores the
 * same expression): the exclusion constraints lead with it, so a lookup of one seat names it to reach
 * the seat's rows through the GiST index rather than by scanning it.
 */
export const seatKeyOf = (trip: string, seat: string) =>
  `('x' || left(md5(${trip} || '/' || ${seat}), 16))::bit(64)::bigint`;

/** The int4range literal of a journey's leg mask. */
export function journeyRange(mask: number): string {
  const { lo, hi } = legRange(mask);
  return `[${lo},${hi})`;
}

/** A Postgres text[] literal: knex would expand a JS array binding into a list of parameters. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** A row as the HoldRecord every store speaks. */
export function holdRecordOf(tripId: string, r: HoldRow): HoldRecord {
  return {
    holdId: r.id,
    tripId,
    userId: r.user_id,
    mask: legMask(r.lo, r.hi),
    from: r.from_code,
    to: r.to_code,
    seatIds: r.seat_ids,
    expiresAt: r.expires_at.getTime(),
    createdAt: r.created_at.getTime(),
    extended: r.extended,
  };
}

/** When a live hold really ends: its expiry, or later while a purchase of it is being paid. */
export function deadline(r: HoldRow): number {
  return Math.max(r.expires_at.getTime(), r.paying_until?.getTime() ?? 0);
}

export type EndStatus = Exclude<HoldStatus, 'active'>;
/**
 * A hold as the mirror writes it: the record Redis decided, the trip version of that decision (0 when
 * unknown) and its state at the end of the batch.
 */
export type MirroredHold = HoldRecord & { status: HoldStatus; decidedV: number };
type Trx = Knex.Transaction;

/**
 * Ends live holds (one status for all): their rows and their seats' exclusion rows. The ids drive the
 * update through the primary key: written as `id = ANY(?) AND status = 'active'`, the planner ANDed
 * the key lookup with a scan of a partial index of every active hold, a cost that grew with the sale.
 */
export async function endHolds(trx: Trx, status: EndStatus, ids: string[]): Promise<void> {
  await trx.raw(
    `WITH h AS (
       UPDATE holds SET status = ?::hold_status, ended_at = now()
       FROM unnest(?::text[]) AS e(id) WHERE holds.id = e.id AND holds.status = 'active'
       RETURNING holds.id, holds.seated
     )
     UPDATE hold_seats SET active = false WHERE hold_id IN (SELECT id FROM h WHERE seated)`,
    [status, ids],
  );
}

/**
 * One statement for the whole batch (arrays, not one bind parameter per column per row). `seated`
 * says whether the caller writes their `hold_seats` rows too (database mode) or leaves them to
 * `seatHolds` (cache mode).
 */
export async function insertHolds(trx: Trx, fresh: MirroredHold[], seated: boolean): Promise<void> {
  const col = <T>(f: (h: MirroredHold) => T) => fresh.map(f);
  await trx.raw(
    `INSERT INTO holds (id, trip_id, user_id, seat_ids, legs, from_code, to_code, created_at, expires_at, extended, status, ended_at, seated, decided_v)
     SELECT id, trip_id, user_id, string_to_array(seats, ','), int4range(lo, hi), f, t,
            to_timestamp(created / 1000.0), to_timestamp(expires / 1000.0), ext, st::hold_status,
            CASE WHEN st = 'active' THEN NULL ELSE now() END, ?::boolean, v
     FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[],
                 ?::float8[], ?::float8[], ?::boolean[], ?::text[], ?::bigint[])
          AS n(id, trip_id, user_id, seats, lo, hi, f, t, created, expires, ext, st, v)
     ON CONFLICT (id) DO NOTHING`,
    [
      seated,
      col((h) => h.holdId),
      col((h) => h.tripId),
      col((h) => h.userId),
      col((h) => h.seatIds.join(',')),
      col((h) => legRange(h.mask).lo),
      col((h) => legRange(h.mask).hi),
      col((h) => h.from),
      col((h) => h.to),
      col((h) => h.createdAt),
      col((h) => h.expiresAt),
      col((h) => h.extended),
      col((h) => h.status),
      col((h) => h.decidedV),
    ],
  );
}

export async function insertHoldSeats(trx: Trx, holds: MirroredHold[]): Promise<void> {
  const rows = holds.flatMap((h) => {
    const { lo, hi } = legRange(h.mask);
    return h.seatIds.map((seatId) => ({ h, seatId, lo, hi }));
  });
  await trx.raw(
    `INSERT INTO hold_seats (hold_id, trip_id, seat_id, legs, active)
     SELECT hold_id, trip_id, seat_id, int4range(lo, hi), active
     FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::boolean[])
          AS n(hold_id, trip_id, seat_id, lo, hi, active)
     ON CONFLICT (hold_id, seat_id) DO NOTHING`,
    [
      rows.map((r) => r.h.holdId),
      rows.map((r) => r.h.tripId),
      rows.map((r) => r.seatId),
      rows.map((r) => r.lo),
      rows.map((r) => r.hi),
      rows.map((r) => r.h.status === 'active'),
    ],
  );
}

/**
 * The ids of a trip's live holds that a newer unseated hold overlaps (see the header): a seated one
 * whatever its age, an unseated one when the other was decided after it. One pass over the trip's
 * live holds, joined by seat. `trip` is the SQL of the trip id (a placeholder, or a column).
 */
export const OUTRANKED = (trip: string) => `
  WITH s AS (SELECT h.id, h.seated, h.decided_v, h.created_at, h.legs, seat
             FROM holds h, unnest(h.seat_ids) AS seat WHERE h.trip_id = ${trip} AND h.status = 'active')
  SELECT DISTINCT a.id FROM s a JOIN s b ON b.seat = a.seat AND b.id <> a.id AND b.legs && a.legs
  WHERE NOT b.seated AND (a.seated OR (b.decided_v, b.created_at, b.id) > (a.decided_v, a.created_at, a.id))`;

/**
 * Gives a trip's unseated holds their `hold_seats` rows; the caller holds the trip lock (so no write of
 * the trip runs meanwhile) and has read the trip's `unseated` flag. Outranked holds are released
 * first, and their seats freed, so what is seated overlaps nothing live: the exclusion constraint,
 * refusing anything else, is only a backstop here.
 */
export async function seatHolds(trx: Trx, tripId: string): Promise<void> {
  await trx.raw(
    `WITH lost AS (
       UPDATE holds SET status = 'released', ended_at = now(), seated = true
       WHERE id IN (${OUTRANKED('?')}) RETURNING id
     )
     UPDATE hold_seats SET active = false WHERE hold_id IN (SELECT id FROM lost) AND active`,
    [tripId],
  );
  await trx.raw(
    `WITH s AS (
       UPDATE holds SET seated = true WHERE trip_id = ? AND status = 'active' AND NOT seated
       RETURNING id, trip_id, seat_ids, legs
     )
     INSERT INTO hold_seats (hold_id, trip_id, seat_id, legs) SELECT s.id, s.trip_id, seat, s.legs
     FROM s, unnest(s.seat_ids) AS seat`,
    [tripId],
  );
  await trx.raw('UPDATE trip_versions SET unseated = false WHERE trip_id = ?', [tripId]);
}

/** A text user id as a uuid (null when it is not one), so the join can use the users primary key. */
const UUID_OF = (col: string) =>
  `(CASE WHEN ${col} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ${col}::uuid END)`;

/**
 * The live holds of a trip as records, for a cache (re)built from Postgres, outranked ones left out
 * (they ended in Redis; seating, if database mode comes, records that). A hold being paid for keeps
 * its paying grace as its deadline (the cache has no separate paying-until on load, and must not expire
 * it under a running purchase). Each carries the allowance key it counts against: the owner's
 * verified identity, else the owner.
 */
export async function liveHoldsOf(trx: Trx, tripId: string): Promise<HoldRecord[]> {
  const { rows } = await trx.raw<{
    rows: Array<HoldRow & { cap_key: string; deadline: Date }>;
  }>(
    `SELECT h.id, h.user_id, coalesce(u.identity, h.user_id) AS cap_key, h.seat_ids,
            lower(h.legs) AS lo, upper(h.legs) AS hi, h.from_code, h.to_code, h.created_at,
            h.expires_at, h.paying_until, h.extended, h.status,
            greatest(h.expires_at, h.paying_until) AS deadline
     FROM holds h LEFT JOIN users u ON u.id = ${UUID_OF('h.user_id')}
     WHERE h.trip_id = ? AND h.status = 'active'
       AND greatest(h.expires_at, h.paying_until) > clock_timestamp()
       AND h.id NOT IN (${OUTRANKED('?')})
     ORDER BY h.created_at, h.id`,
    [tripId, tripId],
  );
  return rows.map((r) => ({
    ...holdRecordOf(tripId, r),
    expiresAt: r.deadline.getTime(),
    capKey: r.cap_key,
  }));
}
