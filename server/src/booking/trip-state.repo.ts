import type { Db } from '../infra/db';
import type { TripState } from './hold-store';

/** What Postgres knows of a trip's seats: the source for a cold or rebuilt cache. */
export class TripStateRepo {
  constructor(private readonly db: Db) {}

  async load(tripId: string): Promise<TripState> {
    const tickets = await this.db('tickets')
      .where({ trip_id: tripId, active: true })
      .select('seat_id', 'user_id', this.db.raw('lower(legs) as lo'), this.db.raw('upper(legs) as hi'));
    const sold: Record<string, number> = {};
    const bought: Record<string, number> = {};
    for (const t of tickets as Array<{ seat_id: string; user_id: string; lo: number; hi: number }>) {
      sold[t.seat_id] = (sold[t.seat_id] ?? 0) | (2 ** t.hi - 2 ** t.lo);
      bought[t.user_id] = (bought[t.user_id] ?? 0) + 1;
    }
    return { sold, bought, holds: [] };
  }
}
