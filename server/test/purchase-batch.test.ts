import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { PgCode, createDb, pgCode, prepared } from '../src/infra/db';
import { createRedis } from '../src/infra/redis';
import { type NewOrder, OrdersRepo } from '../src/orders/orders.repo';
import { PurchaseBatcher } from '../src/orders/purchase-batcher';
import { Fixtures, type TestTrip, requiredEnv } from './store-contract/fixtures';

/*
 * Group commit against real Postgres: orders written together still each get the constraints' own
 * verdict, and a refused order never takes the rest of its batch down with it.
 */

const db = createDb(requiredEnv('DATABASE_URL'));
const redis = createRedis(requiredEnv('REDIS_URL'), 'purchase-batch-test');
const fx = new Fixtures(db, redis);

afterAll(async () => {
  await fx.cleanup();
  redis.disconnect();
  await db.destroy();
});

const order = (trip: TestTrip, userId: string, seatIds: string[], from: number, to: number): NewOrder =>
  fx.newOrder(trip, userId, `${trip.id}~${randomBytes(4).toString('hex')}`, seatIds, from, to);

/** The repo, counting the statements that carried more than one order. */
class CountingRepo extends OrdersRepo {
  batches = 0;
  override insertMany(orders: NewOrder[], trx?: Parameters<OrdersRepo['insertMany']>[1]) {
    if (orders.length > 1) this.batches++;
    return super.insertMany(orders, trx);
  }
}

describe('purchase batcher', () => {
  it('writes concurrent orders in batches, each with its own rows', async () => {
    const trip = await fx.trip();
    const user = await fx.user();
    const repo = new CountingRepo(db);
    const batcher = new PurchaseBatcher(repo, { maxBatch: 16, maxInFlight: 1 });
    const orders = trip.seats.slice(0, 40).map((s) => order(trip, user, [s], 0, 3));
    const rows = await Promise.all(orders.map((o) => batcher.submit(o)));
    // One write alone, then the 39 that queued behind it in statements of at most 16.
    expect(repo.batches).toBe(3);

    expect(new Set(rows.map((r) => r.id)).size).toBe(40);
    rows.forEach((r, i) => expect(r.idempotency_key).toBe(orders[i]!.idempotencyKey));
    const tickets = await db('tickets').where({ trip_id: trip.id }).select('order_id', 'seat_id');
    expect(tickets).toHaveLength(40);
    const seatOf = new Map(
      tickets.map((t: { order_id: string; seat_id: string }) => [t.order_id, t.seat_id]),
    );
    rows.forEach((r, i) => expect(seatOf.get(r.id)).toBe(orders[i]!.tickets[0]!.seatId));
  });

  it('refuses only the double sale inside a batch; the rest of the batch commits', async () => {
    const trip = await fx.trip();
    const user = await fx.user();
    const batcher = new PurchaseBatcher(fx.orders, { maxBatch: 16, maxInFlight: 1 });
    const [a, b, c] = trip.seats;
    // The first write goes alone; the next ones queue behind it and form one batch with a conflict.
    const results = await Promise.allSettled([
      batcher.submit(order(trip, user, [c!], 0, 1)),
      batcher.submit(order(trip, user, [a!], 0, 4)),
      batcher.submit(order(trip, user, [b!], 2, 5)),
      batcher.submit(order(trip, user, [a!], 3, 6)), // overlaps legs 3 of the second order
      batcher.submit(order(trip, user, [a!], 4, 6)), // adjacent to the second order: fits
    ]);

    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(pgCode((results[3] as PromiseRejectedResult).reason)).toBe(PgCode.exclusionViolation);
    const sold = await db('tickets').where({ trip_id: trip.id, seat_id: a }).count<{ count: string }[]>();
    expect(Number(sold[0]!.count)).toBe(2);
    const orders = await db('orders').where({ trip_id: trip.id }).count<{ count: string }[]>();
    expect(Number(orders[0]!.count)).toBe(4);
  });

  it('refuses a reused idempotency key inside a batch with a unique violation', async () => {
    const trip = await fx.trip();
    const user = await fx.user();
    const batcher = new PurchaseBatcher(fx.orders, { maxBatch: 16, maxInFlight: 1 });
    const first = order(trip, user, [trip.seats[0]!], 0, 1);
    const results = await Promise.allSettled([
      batcher.submit(order(trip, user, [trip.seats[5]!], 0, 1)),
      batcher.submit(first),
      batcher.submit({ ...first, tickets: [{ seatId: trip.seats[1]!, passengerName: 'P', fareMinor: 100 }] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(pgCode(refused.reason)).toBe(PgCode.uniqueViolation);
  });
});

describe('purchase statements', () => {
  it('are planned once per connection and reused, whatever the batch size', async () => {
    // One connection, so its session's prepared statements are the ones this test reads.
    const one = knex({ client: 'pg', connection: requiredEnv('DATABASE_URL'), pool: { min: 1, max: 1 } });
    try {
      const trip = await fx.trip();
      const user = await fx.user();
      const repo = new OrdersRepo(one);
      await repo.insertMany([order(trip, user, [trip.seats[0]!], 0, 1)]);
      await repo.insertMany([0, 1, 2].map((i) => order(trip, user, [trip.seats[1 + i]!], 0, 1)));
      const last = (await repo.insertMany([order(trip, user, [trip.seats[9]!], 1, 2)]))[0]!;
      expect((await repo.findByKey(user, last.idempotency_key))?.id).toBe(last.id);
      const { rows } = await one.raw<{
        rows: Array<{ name: string; generic_plans: number; custom_plans: number }>;
      }>('SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(['orders.find-by-key-1', 'orders.insert-many-2']);
      // Three batches of 1, 3 and 1 orders: one statement, executed three times.
      const insert = rows.find((r) => r.name === 'orders.insert-many-2')!;
      expect(Number(insert.generic_plans) + Number(insert.custom_plans)).toBe(3);
    } finally {
      await one.destroy();
    }
  });

  it('come back with the contact of each buyer, so a receipt needs no read of its own', async () => {
    const trip = await fx.trip();
    const guestUser = await fx.user();
    const email = `buyer-${randomBytes(4).toString('hex')}@example.test`;
    const phone = `+88017${randomBytes(4).readUInt32BE() % 100_000_000}`.padEnd(14, '0');
    const [withMail] = await db('users')
      .insert({ name: 'buyer', guest: false, email, phone })
      .returning<Array<{ id: string }>>('id');
    const rows = await fx.orders.insertMany([
      order(trip, guestUser, [trip.seats[20]!], 0, 1),
      order(trip, withMail!.id, [trip.seats[21]!], 0, 1),
    ]);
    expect(rows.map((r) => [r.buyer_email, r.buyer_phone])).toEqual([
      [null, null],
      [email, phone],
    ]);
    await db('tickets')
      .whereIn(
        'order_id',
        rows.map((r) => r.id),
      )
      .delete();
    await db('cache_outbox')
      .whereIn(
        'order_id',
        rows.map((r) => r.id),
      )
      .delete();
    await db('orders')
      .whereIn(
        'id',
        rows.map((r) => r.id),
      )
      .delete();
    await db('users').where({ id: withMail!.id }).delete();
  });

  it('outside a transaction go to a pooled connection with $n parameters, and keep the error codes of pg', async () => {
    const r = await prepared<{ rows: Array<{ a: number; b: string[] }> }>(
      db,
      'test.echo-1',
      'SELECT ?::int AS a, ?::text[] AS b',
      [7, ['x', 'y,z']],
    );
    expect(r.rows).toEqual([{ a: 7, b: ['x', 'y,z'] }]);
    // The same name for another text is a programming error, refused before Postgres sees it.
    await expect(prepared(db, 'test.echo-1', 'SELECT ?::int AS a', [1])).rejects.toThrow(/two texts/);
    const err = await prepared(db, 'test.fail-1', 'SELECT 1 / ?::int AS a', [0]).catch((e: unknown) => e);
    expect(pgCode(err)).toBe('22012');
    // Inside a transaction it runs on the transaction's connection.
    const seen = await db.transaction(async (trx) => {
      await trx.raw(`SET LOCAL application_name = 'prepared-in-trx'`);
      return prepared<{ rows: Array<{ n: string }> }>(
        trx,
        'test.app-name-1',
        'SELECT current_setting(?) AS n',
        ['application_name'],
      );
    });
    expect(seen.rows[0]!.n).toBe('prepared-in-trx');
  });
});
