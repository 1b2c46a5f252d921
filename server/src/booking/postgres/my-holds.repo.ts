import type { Hold } from '@fastpass/shared';
import type { Db } from '../../infra/db';
import { toContractHold } from '../hold.service';
import { HOLD_COLUMNS, type HoldRow, deadline } from './holds.table';

/**
 * A user's live holds on every trip, for `GET /api/holds` (the same holds on every device of an
 * account). Read from the `holds` table: the Postgres store's truth in database mode, and in cache mode
 * the hold mirror's copy of what Redis decided, written every 100 ms (docs/my-holds.md).
 */
export class MyHoldsRepo {
  constructor(private readonly db: Db) {}

  async live(userId: string): Promise<Hold[]> {
    const rows: Array<HoldRow & { trip_id: string }> = await this.db('holds')
      .where({ user_id: userId, status: 'active' })
      .select(this.db.raw(`trip_id, ${HOLD_COLUMNS}`));
    const now = Date.now();
    return rows
      .filter((r) => deadline(r) > now)
      .sort((a, b) => a.expires_at.getTime() - b.expires_at.getTime())
      .map((r) =>
        toContractHold({
          holdId: r.id,
          tripId: r.trip_id,
          seatIds: r.seat_ids,
          from: r.from_code,
          to: r.to_code,
          expiresAt: r.expires_at.getTime(),
          extended: r.extended,
        }),
      );
  }
}
