import { randomInt, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { type OrderStatus, legMask } from '@fastpass/shared';
import { type Db, prepared } from '../infra/db';
import type { PaymentRow } from '../payments/payment.service';
import { type OutboxOp, addOutboxOp } from './cache-outbox';

export interface OrderRow {
  id: string;
  pnr: string;
  user_id: string;
  trip_id: string;
  from_idx: number;
  to_idx: number;
  status: OrderStatus;
  total_minor: number;
  currency: string;
  idempotency_key: string;
  request_hash: string;
  hold_id: string | null;
  cap_key: string | null;
  pay_by: Date | null;
  paid_at: Date | null;
  paid_by: string | null;
  refunded_minor: number;
  created_at: Date;
  /** Set by insertMany for a confirmed order: the cache op written with it. */
  outbox_id?: string | null;
  /** Set by insertMany: where the buyer's receipt goes (null: nowhere; a guest has neither). */
  buyer_email?: string | null;
  buyer_phone?: string | null;
}

export interface TicketRow {
  order_id: string;
  seat_id: string;
  passenger_name: string;
  fare_minor: number;
  active?: boolean;
  cancelled_at?: Date | null;
  refund_minor?: number | null;
  boarded_at?: Date | null;
  boarded_gate?: string | null;
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
  /** Whose allowance the seats count against (verified identity, else the user id). */
  capKey: string;
  /** Payment in flight: the order is `pending`, its tickets inactive (no seat sold yet), `payBy` its deadline. */
  payBy?: Date;
  tickets: Array<{ seatId: string; passengerName: string; fareMinor: number }>;
}

/** The columns of an OrderRow, named: the prepared statements below must not read `*`. */
const ORDER_COLUMNS = `id, pnr, user_id, trip_id, from_idx, to_idx, status, total_minor, currency, idempotency_key,
  request_hash, hold_id, cap_key, pay_by, paid_at, paid_by, refunded_minor, created_at`;

// No 0/O/1/I: PNRs are read aloud at counters.
const PNR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newPnr = () => Array.from({ length: 8 }, () => PNR_ALPHABET[randomInt(PNR_ALPHABET.length)]).join('');

export class OrdersRepo {
  constructor(private readonly db: Db) {}

  /**
   * Every purchase asks this first (is it a retry?). Plain SQL, prepared: knex's builder compiles a
   * statement on each call, and Postgres planned it anew, each costing more than the lookup itself in a
   * rush (docs/performance.md).
   */
  async findByKey(userId: string, key: string): Promise<OrderRow | undefined> {
    const res = await prepared<{ rows: OrderRow[] }>(
      this.db,
      'orders.find-by-key-1',
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = ? AND idempotency_key = ? LIMIT 1`,
      [userId, key],
    );
    return res.rows[0];
  }

  findById(id: string): Promise<OrderRow | undefined> {
    return this.db<OrderRow>('orders').where({ id }).first();
  }

  pendingOfHold(holdId: string): Promise<OrderRow | undefined> {
    return this.db<OrderRow>('orders').where({ hold_id: holdId, status: 'pending' }).first();
  }

  paymentsOf(orderIds: string[]): Promise<PaymentRow[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.db<PaymentRow>('payments').whereIn('order_id', orderIds).orderBy('created_at');
  }

  listByUser(userId: string): Promise<OrderRow[]> {
    return this.db<OrderRow>('orders').where({ user_id: userId }).orderBy('created_at', 'desc').limit(200);
  }

  ticketsOf(orderIds: string[]): Promise<TicketRow[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.db<TicketRow>('tickets')
      .whereIn('order_id', orderIds)
      .orderBy('seat_id')
      .select(
        'order_id',
        'seat_id',
        'passenger_name',
        'fare_minor',
        'active',
        'cancelled_at',
        'refund_minor',
        'boarded_at',
        'boarded_gate',
      );
  }

  /**
   * The orders and their tickets in one statement (so one implicit transaction, one round trip, one
   * commit). The tickets' exclusion constraint refuses a seat whose legs overlap a live ticket and the
   * (user, key) unique index refuses a second order for one key: then nothing of the statement is
   * written. Rows come back in the order given, each with its buyer's contact (the receipt's, read here
   * rather than in a round trip of its own per order). One text for any number of orders (arrays), so
   * it is prepared once per connection.
   */
  async insertMany(orders: NewOrder[], trx?: Knex.Transaction): Promise<OrderRow[]> {
    const ids = orders.map(() => randomUUID());
    const tickets = orders.flatMap((o, i) => o.tickets.map((t) => ({ o, t, orderId: ids[i]! })));
    const col = <T>(f: (o: NewOrder) => T) => orders.map(f);
    const res = await prepared<{ rows: OrderRow[] }>(
      trx ?? this.db,
      'orders.insert-many-2',
      `WITH o AS (
         INSERT INTO orders (id, pnr, user_id, trip_id, from_idx, to_idx, status, total_minor, currency,
                             idempotency_key, request_hash, hold_id, cap_key, pay_by)
         SELECT id, pnr, user_id, trip_id, from_idx, to_idx,
                (CASE WHEN pay_by IS NULL THEN 'confirmed' ELSE 'pending' END)::order_status,
                total_minor, currency, ikey, rhash, hold_id, cap_key, pay_by
         FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::int[], ?::int[], ?::int[], ?::text[],
                     ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
              AS n(id, pnr, user_id, trip_id, from_idx, to_idx, total_minor, currency, ikey, rhash, hold_id,
                   cap_key, pay_by)
         RETURNING ${ORDER_COLUMNS}
       ), t AS (
         INSERT INTO tickets (order_id, trip_id, seat_id, user_id, legs, passenger_name, fare_minor, active)
         SELECT order_id, trip_id, seat_id, user_id, int4range(lo, hi), pname, fare, active
         FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::int[], ?::int[], ?::text[], ?::int[],
                     ?::boolean[])
              AS n(order_id, trip_id, seat_id, user_id, lo, hi, pname, fare, active)
       ), ob AS (
         -- A sale commits with its cache op (cache-outbox.ts); a pending order sells nothing yet.
         INSERT INTO cache_outbox (trip_id, kind, order_id, hold_id, cap_key, mask, seat_ids)
         SELECT trip_id, 'confirm', id, hold_id, cap_key, mask, string_to_array(seats, ',')
         FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::boolean[])
              AS n(id, trip_id, hold_id, cap_key, mask, seats, pending)
         WHERE NOT pending
         RETURNING id AS outbox_id, order_id
       )
       SELECT o.*, ob.outbox_id, u.email AS buyer_email, u.phone AS buyer_phone
       FROM o LEFT JOIN ob ON ob.order_id = o.id LEFT JOIN users u ON u.id = o.user_id`,
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
        col((o) => o.capKey),
        col((o) => o.payBy?.toISOString() ?? null),
        tickets.map((x) => x.orderId),
        tickets.map((x) => x.o.tripId),
        tickets.map((x) => x.t.seatId),
        tickets.map((x) => x.o.userId),
        tickets.map((x) => x.o.fromIdx),
        tickets.map((x) => x.o.toIdx),
        tickets.map((x) => x.t.passengerName),
        tickets.map((x) => x.t.fareMinor),
        tickets.map((x) => !x.o.payBy),
        ids,
        col((o) => o.tripId),
        col((o) => o.holdId),
        col((o) => o.capKey),
        col((o) => legMask(o.fromIdx, o.toIdx)),
        col((o) => o.tickets.map((t) => t.seatId).join(',')),
        col((o) => !!o.payBy),
      ],
    );
    const byId = new Map(res.rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!);
  }

  async insert(o: NewOrder, trx?: Knex.Transaction): Promise<OrderRow> {
    const [row] = await this.insertMany([o], trx);
    return row!;
  }

  /**
   * Cancels the order's live tickets among `seatIds` (all when absent) and writes the cache op that
   * frees them, in one transaction; the order is cancelled once no live ticket is left. Null when no
   * live ticket matched (already cancelled, or not confirmed).
   */
  async cancelTickets(
    orderId: string,
    seatIds: string[] | null,
    refundOf: (fareMinor: number) => number,
    fallbackCapKey: string,
  ): Promise<{ op: OutboxOp; refundMinor: number } | null> {
    return this.db.transaction(async (tx) => {
      const order = await tx<OrderRow>('orders').where({ id: orderId }).forUpdate().first();
      if (!order || order.status !== 'confirmed') return null;
      let q = tx<TicketRow>('tickets').where({ order_id: orderId, active: true });
      if (seatIds) q = q.whereIn('seat_id', seatIds);
      const live = await q.select('seat_id', 'fare_minor');
      if (live.length === 0) return null;
      let refundMinor = 0;
      for (const t of live) {
        const refund = refundOf(t.fare_minor);
        refundMinor += refund;
        await tx('tickets')
          .where({ order_id: orderId, seat_id: t.seat_id, active: true })
          .update({ active: false, cancelled_at: tx.fn.now(), refund_minor: refund });
      }
      const left = await tx('tickets')
        .where({ order_id: orderId, active: true })
        .count<{ n: string }[]>('* as n');
      await tx('orders')
        .where({ id: orderId })
        .update({
          refunded_minor: order.refunded_minor + refundMinor,
          ...(Number(left[0]?.n ?? 0) === 0 ? { status: 'cancelled', cancelled_at: tx.fn.now() } : {}),
        });
      const op = await addOutboxOp(tx, {
        tripId: order.trip_id,
        kind: 'unsell',
        orderId,
        holdId: order.hold_id,
        capKey: order.cap_key ?? fallbackCapKey,
        mask: legMask(order.from_idx, order.to_idx),
        seatIds: live.map((t) => t.seat_id),
      });
      return { op, refundMinor };
    });
  }
}
