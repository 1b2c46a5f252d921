import { randomInt, randomUUID } from 'node:crypto';
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
   * The orders and their tickets in one statement (so one implicit transaction, one round trip, one
   * commit). The tickets' exclusion constraint refuses a seat whose legs overlap a live ticket and the
   * (user, key) unique index refuses a second order for one key: then nothing of the statement is
   * written. Rows come back in the order given.
   */
  async insertMany(orders: NewOrder[], trx?: Knex.Transaction): Promise<OrderRow[]> {
    const ids = orders.map(() => randomUUID());
    const tickets = orders.flatMap((o, i) => o.tickets.map((t) => ({ o, t, orderId: ids[i]! })));
    const col = <T>(f: (o: NewOrder) => T) => orders.map(f);
    const res = await (trx ?? this.db).raw<{ rows: OrderRow[] }>(
      `WITH o AS (
         INSERT INTO orders (id, pnr, user_id, trip_id, from_idx, to_idx, status, total_minor, currency,
                             idempotency_key, request_hash, hold_id)
         SELECT id, pnr, user_id, trip_id, from_idx, to_idx, 'confirmed', total_minor, currency, ikey, rhash, hold_id
         FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::int[], ?::int[], ?::int[], ?::text[],
                     ?::text[], ?::text[], ?::text[])
              AS n(id, pnr, user_id, trip_id, from_idx, to_idx, total_minor, currency, ikey, rhash, hold_id)
         RETURNING *
       ), t AS (
         INSERT INTO tickets (order_id, trip_id, seat_id, user_id, legs, passenger_name, fare_minor)
         SELECT order_id, trip_id, seat_id, user_id, int4range(lo, hi), pname, fare
         FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::int[], ?::int[], ?::text[], ?::int[])
              AS n(order_id, trip_id, seat_id, user_id, lo, hi, pname, fare)
       )
       SELECT * FROM o`,
      [
        ids,
        col(() => newPnr()),
        col((o) => o.userId),
        col((o) => o.tripId),
        col((o) => o.fromIdx),
        col((o) => o.toIdx),
        col((o) => o.totalMinor),
        col((o) => o.currency),
        col((o) => o.idempotencyKey),
        col((o) => o.requestHash),
        col((o) => o.holdId),
        tickets.map((x) => x.orderId),
        tickets.map((x) => x.o.tripId),
        tickets.map((x) => x.t.seatId),
        tickets.map((x) => x.o.userId),
        tickets.map((x) => x.o.fromIdx),
        tickets.map((x) => x.o.toIdx),
        tickets.map((x) => x.t.passengerName),
        tickets.map((x) => x.t.fareMinor),
      ],
    );
    const byId = new Map(res.rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!);
  }

  async insert(o: NewOrder, trx?: Knex.Transaction): Promise<OrderRow> {
    const [row] = await this.insertMany([o], trx);
    return row!;
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
