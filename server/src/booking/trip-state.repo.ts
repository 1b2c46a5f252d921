import { legMask } from '@fastpass/shared';
import type { Db } from '../infra/db';
import type { TripState } from './hold-store';
import { liveHoldsOf } from './postgres/holds.table';

/** TripState plus the trip's latest Postgres-issued version (0 if none), for a cache to start above. */
export interface LoadedTripState extends TripState {
  version: number;
}

/** What Postgres knows of a trip's seats: the source for a cold or rebuilt cache. */
export class TripStateRepo {
  constructor(private readonly db: Db) {}

  /**
   * Every trip whose seat cache may still matter: those not departed for more than two days (no run
   * is longer). A departed trip is never bookable, so a stale cache of one decides nothing.
   */
  async cacheableTrips(): Promise<string[]> {
    const rows = await this.db('trips')
      .where('departs_at', '>', this.db.raw(`now() - interval '2 days'`))
      .select<Array<{ id: string }>>('id');
    return rows.map((r) => r.id);
  }

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
          sold[t.seat_id] = (sold[t.seat_id] ?? 0) | legMask(t.lo, t.hi);
          if (t.counted) bought[t.cap_key] = (bought[t.cap_key] ?? 0) + 1;
        }

        const live = await liveHoldsOf(trx, tripId);

        const version = await trx('trip_versions')
          .where({ trip_id: tripId })
          .first<{ version: string } | undefined>('version');
        // Outbox ops this snapshot already reflects: a relay applying one later must not count it twice.
        const ops = await trx('cache_outbox')
          .where({ trip_id: tripId })
          .whereNull('done_at')
          .pluck<string[]>('id');
        return {
          sold,
          bought,
          holds: live,
          version: version ? Number(version.version) : 0,
          ops: ops.map(String),
        };
      },
      { isolationLevel: 'repeatable read' },
    );
}
