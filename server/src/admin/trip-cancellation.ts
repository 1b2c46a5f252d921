import type { Principal } from '../auth/tokens';
import { notFound } from '../errors';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { OrderService } from '../orders/order.service';
import { tripRoom } from '../realtime/broadcaster';
import type { Actor } from './audit';
import type { CatalogEdits } from './edits';

export interface CancelResult {
  tripId: string;
  cancelledAt: string;
  ordersCancelled: number;
}

/**
 * Cancelling a trip: the trip is marked cancelled (its sale window becomes empty, so every store refuses
 * holds and purchases with SALE_CLOSED from then on, on every instance once its catalog reloads), its
 * watchers on every instance get `trip:cancelled`, and every confirmed order goes through the ordinary
 * order cancellation (tickets inactive, seats freed and broadcast). Running it again finishes what an
 * interrupted run left (orders still confirmed) and changes nothing else.
 *
 * Refunds: each order is cancelled by `OrderService.cancel`, the same path a passenger's own cancel
 * takes (tickets, seats, payment refund), with `byRailway`: the whole fare is refunded, no fee tier.
 */
export class TripCancellation {
  constructor(
    private readonly deps: {
      db: Db;
      edits: CatalogEdits;
      orders: Pick<OrderService, 'cancel'>;
      emit: (room: string, event: 'trip:cancelled', payload: { tripId: string; cancelledAt: string }) => void;
      log: Logger;
    },
  ) {}

  async cancel(actor: Actor, tripId: string): Promise<CancelResult> {
    const cancelledAt = await this.deps.edits.run(actor, async (trx) => {
      const trip = await trx('trips').where({ id: tripId }).forUpdate().first('id', 'status', 'cancelled_at');
      if (!trip) throw notFound(`trip ${tripId}`);
      const at: Date = trip.cancelled_at ?? new Date();
      if (trip.status !== 'cancelled')
        await trx('trips').where({ id: tripId }).update({ status: 'cancelled', cancelled_at: at });
      return {
        action: 'trip.cancel',
        resource: 'trip',
        resourceId: tripId,
        before: { status: trip.status },
        after: { status: 'cancelled', cancelledAt: at.toISOString() },
        result: at.toISOString(),
      };
    });
    this.deps.emit(tripRoom(tripId), 'trip:cancelled', { tripId, cancelledAt });

    const orders = await this.deps
      .db('orders as o')
      .join('users as u', 'u.id', 'o.user_id')
      .where({ 'o.trip_id': tripId, 'o.status': 'confirmed' })
      .select('o.id', 'o.user_id', 'u.role', 'u.name', 'u.identity');
    let cancelled = 0;
    for (const o of orders) {
      // The owner's principal: the order path checks ownership and counts the freed seats against the
      // owner's allowance key, exactly as when the passenger cancels.
      const owner: Principal = { userId: o.user_id, role: o.role, name: o.name };
      if (o.identity) owner.identity = o.identity;
      await this.deps.orders.cancel(owner, o.id, undefined, { byRailway: true });
      cancelled++;
    }
    if (cancelled) this.deps.log.info({ tripId, cancelled }, 'trip cancelled: orders cancelled');
    return { tripId, cancelledAt, ordersCancelled: cancelled };
  }
}
