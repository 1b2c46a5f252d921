import { legMask, legRange } from '@fastpass/shared';
import type { Knex } from 'knex';
import type { HoldRecord } from '../hold-store';

/*
 * The `holds` and `hold_seats` tables, in one place: their row type, the SQL fragments every reader
 * needs, and the batch writers of the hold mirror. A hold is one `holds` row (its status says live or
 * how it ended) and one `hold_seats` row per seat, whose exclusion constraint refuses two live holds
 * of one seat on overlapping legs.
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
/** A hold as the mirror writes it: the record Redis decided and its state at the end of the batch. */
export type MirroredHold = HoldRecord & { status: HoldStatus };
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
       RETURNING holds.id
     )
     UPDATE hold_seats SET active = false WHERE hold_id IN (SELECT id FROM h)`,
    [status, ids],
  );
}

/** One statement for the whole batch (arrays, not one bind parameter per column per row). */
export async function insertHolds(trx: Trx, fresh: MirroredHold[]): Promise<void> {
  const col = <T>(f: (h: MirroredHold) => T) => fresh.map(f);
  await trx.raw(
    `INSERT INTO holds (id, trip_id, user_id, seat_ids, legs, from_code, to_code, created_at, expires_at, extended, status, ended_at)
     SELECT id, trip_id, user_id, string_to_array(seats, ','), int4range(lo, hi), f, t,
            to_timestamp(created / 1000.0), to_timestamp(expires / 1000.0), ext, st::hold_status,
            CASE WHEN st = 'active' THEN NULL ELSE now() END
     FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[],
                 ?::float8[], ?::float8[], ?::boolean[], ?::text[])
          AS n(id, trip_id, user_id, seats, lo, hi, f, t, created, expires, ext, st)
     ON CONFLICT (id) DO NOTHING`,
    [
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

/** In cache mode, rows still active for seats Redis has since given to someone else are stale: end them. */
export async function supersede(trx: Trx, live: HoldRecord[]): Promise<void> {
  const trips: string[] = [];
  const seats: string[] = [];
  const los: number[] = [];
  const his: number[] = [];
  for (const h of live) {
    const { lo, hi } = legRange(h.mask);
    for (const s of h.seatIds) {
      trips.push(h.tripId);
      seats.push(s);
      los.push(lo);
      his.push(hi);
    }
  }
  await trx.raw(
    `WITH n AS (SELECT * FROM unnest(?::text[], ?::text[], ?::int[], ?::int[]) AS n(trip_id, seat_id, lo, hi)),
     d AS (
       UPDATE hold_seats hs SET active = false FROM n
       WHERE hs.seat_key = ${seatKeyOf('n.trip_id', 'n.seat_id')} AND hs.active
         AND hs.trip_id = n.trip_id AND hs.seat_id = n.seat_id AND hs.legs && int4range(n.lo, n.hi)
       RETURNING hs.hold_id
     )
     UPDATE holds SET status = 'released', ended_at = now() WHERE id IN (SELECT hold_id FROM d) AND status = 'active'`,
    [trips, seats, los, his],
  );
}

/** A text user id as a uuid (null when it is not one), so the join can use the users primary key. */
const UUID_OF = (col: string) =>
  `(CASE WHEN ${col} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ${col}::uuid END)`;

/**
 * The live holds of a trip as records, for a cache (re)built from Postgres. A hold being paid for keeps
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
     ORDER BY h.created_at, h.id`,
    [tripId],
  );
  return rows.map((r) => ({
    ...holdRecordOf(tripId, r),
    expiresAt: r.deadline.getTime(),
    capKey: r.cap_key,
  }));
}
