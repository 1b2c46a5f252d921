import type { Db } from '../infra/db';
import type { HoldRecord, TripState } from './hold-store';

/** A text user id as a uuid (null when it is not one), so the join can use the users primary key. */
const UUID_OF = (col: string) =>
  `(CASE WHEN ${col} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ${col}::uuid END)`;

/** TripState plus the trip's latest Postgres-issued version (0 if none), for a cache to start above. */
export interface LoadedTripState extends TripState {
  version: number;
}

interface LiveHoldRow {
  id: string;
  user_id: string;
  cap_key: string;
  seat_ids: string[];
  lo: number;
  hi: number;
  from_code: string;
  to_code: string;
  created_at: Date;
  deadline: Date;
  extended: boolean;
}

/** What Postgres knows of a trip's seats: the source for a cold or rebuilt cache. */
export class TripStateRepo {
  constructor(private readonly db: Db) {}

  /**
   * Sold legs, seats bought per user and the live holds of `holds` (made in database mode). One
   * REPEATABLE READ transaction so tickets, holds and version agree with each other. An arrow property
   * so that `repo.load` can be handed over as a loader on its own.
   */
  readonly load = (tripId: string): Promise<LoadedTripState> =>
    this.db.transaction(
      async (trx) => {
        const tickets = await trx.raw<{
          rows: Array<{ seat_id: string; cap_key: string; lo: number; hi: number; counted: boolean }>;
        }>(
          // A ticket whose order's hold is still live is counted by that hold, not as bought: the
          // cache moves it from held to bought when the purchase is confirmed. Allowances are counted
          // by the buyer's verified identity when there is one (shared by its accounts).
          `SELECT t.seat_id, coalesce(u.identity, t.user_id::text) AS cap_key,
                  lower(t.legs) AS lo, upper(t.legs) AS hi,
                  NOT EXISTS (SELECT 1 FROM holds h WHERE h.id = o.hold_id AND h.status = 'active') AS counted
           FROM tickets t JOIN orders o ON o.id = t.order_id LEFT JOIN users u ON u.id = t.user_id
           WHERE t.trip_id = ? AND t.active`,
          [tripId],
        );
        const sold: Record<string, number> = {};
        const bought: Record<string, number> = {};
        for (const t of tickets.rows) {
          sold[t.seat_id] = (sold[t.seat_id] ?? 0) | (2 ** t.hi - 2 ** t.lo);
          if (t.counted) bought[t.cap_key] = (bought[t.cap_key] ?? 0) + 1;
        }

        // A hold being paid for keeps its paying grace as its deadline: the cache has no separate
        // paying-until on load, and must not expire it under a running purchase.
        const holds = await trx.raw<{ rows: LiveHoldRow[] }>(
          `SELECT h.id, h.user_id, coalesce(u.identity, h.user_id) AS cap_key, h.seat_ids,
                  lower(h.legs) AS lo, upper(h.legs) AS hi, h.from_code, h.to_code, h.created_at,
                  greatest(h.expires_at, h.paying_until) AS deadline, h.extended
           FROM holds h LEFT JOIN users u ON u.id = ${UUID_OF('h.user_id')}
           WHERE h.trip_id = ? AND h.status = 'active'
             AND greatest(h.expires_at, h.paying_until) > clock_timestamp()
           ORDER BY h.created_at, h.id`,
          [tripId],
        );
        const live: HoldRecord[] = holds.rows.map((h) => ({
          holdId: h.id,
          tripId,
          userId: h.user_id,
          mask: 2 ** h.hi - 2 ** h.lo,
          from: h.from_code,
          to: h.to_code,
          seatIds: h.seat_ids,
          expiresAt: h.deadline.getTime(),
          createdAt: h.created_at.getTime(),
          extended: h.extended,
          capKey: h.cap_key,
        }));

        const version = await trx('trip_versions')
          .where({ trip_id: tripId })
          .first<{ version: string } | undefined>('version');
        return { sold, bought, holds: live, version: version ? Number(version.version) : 0 };
      },
      { isolationLevel: 'repeatable read' },
    );
}
