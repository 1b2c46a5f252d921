import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../infra/db';

export interface OrderRow {
  id: string;
  pnr: string;
  user_id: string;
  trip_id: string;
  from_idx: number;
  to_idx: number;
  status: 'confirmed' | 'cancelled';
  total_minor: number;
  currency: string;
  idempotency_key: string;
  request_hash: string;
  hold_id: string | null;
  created_at: Date;
}

export interface TicketRow {
  order_id: string;
  seat_id: string;
  passenger_name: string;
  fare_minor: number;
}

export interface NewOrder {
  userId: string;
  tripId: string;
  fromIdx: number;
  toIdx: number;
  totalMinor: number;
  currency: string;
  idempotencyKey: string;
  requestHash: string;
  holdId: string;
  tickets: Array<{ seatId: string; passengerName: string; fareMinor: number }>;
}

// No 0/O/1/I: PNRs are read aloud at counters.
const PNR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newPnr = () => Array.from({ length: 8 }, () => PNR_ALPHABET[randomInt(PNR_ALPHABET.length)]).join('');

export class OrdersRepo {
  constructor(private readonly db: Db) {}

  findByKey(userId: string, key: string): Promise<OrderRow | undefined> {
    return this.db<OrderRow>('orders').where({ user_id: userId, idempotency_key: key }).first();
  }

  findById(id: string): Promise<OrderRow | undefined> {
    return this.db<OrderRow>('orders').where({ id }).first();
  }

  listByUser(userId: string): Promise<OrderRow[]> {
    return this.db<OrderRow>('orders').where({ user_id: userId }).orderBy('created_at', 'desc').limit(200);
  }

  ticketsOf(orderIds: string[]): Promise<TicketRow[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.db<TicketRow>('tickets')
      .whereIn('order_id', orderIds)
      .orderBy('seat_id')
      .select('order_id', 'seat_id', 'passenger_name', 'fare_minor');
  }

  /**
   * One transaction: the order and its tickets. The tickets' exclusion constraint refuses a seat whose
   * legs overlap a live ticket, and the (user, key) unique index refuses a second order for one key.
   */
  insert(o: NewOrder, trx?: Knex.Transaction): Promise<OrderRow> {
    const run = async (tx: Knex.Transaction) => {
      const [order] = await tx<OrderRow>('orders')
        .insert({
          pnr: newPnr(),
          user_id: o.userId,
          trip_id: o.tripId,
          from_idx: o.fromIdx,
          to_idx: o.toIdx,
          status: 'confirmed',
          total_minor: o.totalMinor,
          currency: o.currency,
          idempotency_key: o.idempotencyKey,
          request_hash: o.requestHash,
          hold_id: o.holdId,
        })
        .returning('*');
      await tx('tickets').insert(
        o.tickets.map((t) => ({
          order_id: order!.id,
          trip_id: o.tripId,
          seat_id: t.seatId,
          user_id: o.userId,
          legs: tx.raw('int4range(?, ?)', [o.fromIdx, o.toIdx]),
          passenger_name: t.passengerName,
          fare_minor: t.fareMinor,
        })),
      );
      return order!;
    };
    return trx ? run(trx) : this.db.transaction(run);
  }

  /** Cancels a confirmed order and frees its tickets' legs; returns false if it was not confirmed. */
  async cancel(orderId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = await tx('orders')
        .where({ id: orderId, status: 'confirmed' })
        .update({ status: 'cancelled', cancelled_at: tx.fn.now() });
      if (updated === 0) return false;
      await tx('tickets').where({ order_id: orderId }).update({ active: false });
      return true;
    });
  }
}
