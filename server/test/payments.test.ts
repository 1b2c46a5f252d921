import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecretOf } from '../src/payments/payments.config';
import { SIGNATURE_HEADER, signWebhook } from '../src/payments/webhook-signature';
import { loadConfig } from '../src/config';
import {
  TEST_AUTH_SECRET,
  type TestServer,
  api,
  closeTestDb,
  createTrip,
  guest,
  startServer,
  testDb,
} from './harness';
import { waitUntil } from './services';

// PAYMENTS=sandbox: an order is pending until the provider captured the money.
const SANDBOX = {
  PAYMENTS: 'sandbox',
  PAYMENT_SANDBOX_WEBHOOK_DELAY_MS: '50',
  PAYMENT_SANDBOX_SLOW_MS: '1500',
  PAYMENT_RECONCILE_INTERVAL_MS: '200',
  PAYMENT_RECONCILE_AFTER_MS: '0',
  CACHE_OUTBOX_INTERVAL_MS: '200',
};
const secret = webhookSecretOf(loadConfig({ ...SANDBOX, AUTH_SECRET: TEST_AUTH_SECRET }), TEST_AUTH_SECRET);

let s: TestServer;
let trip: string;
let sClosing: Promise<void> | undefined;
/** Stops the file's server once, whoever asks first (the last test, or afterAll). */
const closeShared = (): Promise<void> => {
  sClosing ??= s.close();
  return sClosing;
};
beforeAll(async () => {
  s = await startServer(SANDBOX);
  trip = await createTrip();
});
afterAll(async () => {
  if (s) await closeShared();
  await closeTestDb();
});

type Order = {
  id: string;
  status: string;
  total: number;
  refunded?: number;
  payment?: { redirectUrl?: string; status: string; payBy?: string };
};

const seat = async (base: string, t: string, id: string) =>
  (await api(base, 'GET', `/api/trips/${t}/seats`)).body.seats.find((x: { id: string }) => x.id === id);

async function hold(base: string, token: string, t: string, seatIds: string[]) {
  const h = await api(base, 'POST', `/api/trips/${t}/holds`, {
    token,
    body: { seatIds, from: 'DHK', to: 'BBT' },
  });
  expect(h.status).toBe(201);
  return h.body.holdId as string;
}
async function checkout(base: string, token: string, holdId: string, seatIds: string[], key: string) {
  const r = await api(base, 'POST', '/api/orders', {
    token,
    body: { holdId, passengers: seatIds.map((seatId) => ({ seatId, name: 'Nasrin' })) },
    headers: { 'Idempotency-Key': key },
  });
  expect(r.status).toBe(201);
  return r.body.order as Order;
}
const refOf = (o: Order) => o.payment!.redirectUrl!.split('/').pop()!;
const complete = (base: string, ref: string, outcome: string) =>
  api(base, 'POST', `/api/payments/sandbox/${ref}/complete`, { body: { outcome } });
const orderOf = async (base: string, token: string, id: string) =>
  (await api(base, 'GET', `/api/orders/${id}`, { token })).body.order as Order;
const until = (base: string, token: string, id: string, status: string) =>
  waitUntil(`order ${status}`, async () => (await orderOf(base, token, id)).status === status, 15_000);

/** An account promoted to `role`, signed in again so its token carries the role. */
async function staffAccount(base: string, role: 'staff' | 'kiosk') {
  const email = `clerk-${Math.random().toString(36).slice(2)}@example.test`;
  const reg = await api(base, 'POST', '/api/auth/register', {
    body: { email, password: 'clerk-password', name: 'Clerk' },
  });
  expect(reg.status).toBe(201);
  await testDb()('users').where({ id: reg.body.user.id }).update({ role });
  // The role change revoked tokens up to now; a login within the same second would look revoked too.
  await testDb()('users')
    .where({ id: reg.body.user.id })
    .update({ tokens_valid_after: testDb().raw(`now() - interval '2 seconds'`) });
  const login = await api(base, 'POST', '/api/auth/login', { body: { email, password: 'clerk-password' } });
  return { token: login.body.token as string, userId: reg.body.user.id as string };
}

function signed(body: object, at = Date.now()) {
  const raw = JSON.stringify(body);
  return {
    raw,
    headers: { [SIGNATURE_HEADER]: signWebhook(secret, raw, at), 'content-type': 'application/json' },
  };
}
const post = (raw: string, headers: Record<string, string>) =>
  fetch(`${s.url}/api/payments/webhook/sandbox`, { method: 'POST', body: raw, headers });

describe('payments (sandbox provider)', () => {
  it('pay: pending with nothing sold, then confirmed and sold once the money is captured', async () => {
    const { token } = await guest(s.url);
    const holdId = await hold(s.url, token, trip, ['KA-1']);
    const order = await checkout(s.url, token, holdId, ['KA-1'], 'pay-1');
    expect(order.status).toBe('pending');
    expect(order.payment).toMatchObject({ provider: 'sandbox', status: 'pending' });
    expect(order.payment!.redirectUrl).toMatch(/^\/pay\/sandbox\/sbx_[0-9a-f]{24}$/);
    expect(await seat(s.url, trip, 'KA-1')).toMatchObject({ held: 0b111, sold: 0 });
    const tickets = await testDb()('tickets').where({ order_id: order.id });
    expect(tickets.map((t) => t.active)).toEqual([false]);

    const page = await api(s.url, 'GET', `/api/payments/sandbox/${refOf(order)}`);
    expect(page.body).toMatchObject({ amount: order.total, currency: 'BDT', status: 'pending' });
    expect((await complete(s.url, refOf(order), 'pay')).body.status).toBe('captured');
    await until(s.url, token, order.id, 'confirmed');
    expect(await seat(s.url, trip, 'KA-1')).toMatchObject({ held: 0, sold: 0b111 });
    expect((await orderOf(s.url, token, order.id)).payment?.status).toBe('captured');
    // The hosted page cannot be paid twice.
    expect((await complete(s.url, refOf(order), 'fail')).body.status).toBe('captured');
  });

  it('fail and cancel: the order fails, the hold lives on and can be paid again', async () => {
    for (const outcome of ['fail', 'cancel']) {
      const { token } = await guest(s.url);
      const holdId = await hold(s.url, token, trip, ['KA-2']);
      const first = await checkout(s.url, token, holdId, ['KA-2'], `${outcome}-1`);
      await complete(s.url, refOf(first), outcome);
      await until(s.url, token, first.id, 'failed');
      expect(await seat(s.url, trip, 'KA-2')).toMatchObject({ held: 0b111, sold: 0 });
      const second = await checkout(s.url, token, holdId, ['KA-2'], `${outcome}-2`);
      expect(second.id).not.toBe(first.id);
      await complete(s.url, refOf(second), 'pay');
      await until(s.url, token, second.id, 'confirmed');
      expect(await seat(s.url, trip, 'KA-2')).toMatchObject({ held: 0, sold: 0b111 });
      // Free the seat for the next round.
      await api(s.url, 'POST', `/api/orders/${second.id}/cancel`, { token });
      await waitUntil('seat free', async () => (await seat(s.url, trip, 'KA-2')).sold === 0);
    }
  });

  it('a second checkout of a hold being paid finds the pending order', async () => {
    const { token } = await guest(s.url);
    const holdId = await hold(s.url, token, trip, ['KA-3']);
    const a = await checkout(s.url, token, holdId, ['KA-3'], 'twice-a');
    const b = await checkout(s.url, token, holdId, ['KA-3'], 'twice-b');
    expect(b.id).toBe(a.id);
  });

  it('slow: stays pending while the gateway processes, then confirms', async () => {
    const { token } = await guest(s.url);
    const holdId = await hold(s.url, token, trip, ['KA-4']);
    const order = await checkout(s.url, token, holdId, ['KA-4'], 'slow-1');
    expect((await complete(s.url, refOf(order), 'slow')).body.status).toBe('pending');
    expect((await orderOf(s.url, token, order.id)).status).toBe('pending');
    await until(s.url, token, order.id, 'confirmed');
  });

  it('webhooks: forged, stale and malformed are refused; replays and out-of-order events change nothing', async () => {
    const { token } = await guest(s.url);
    const holdId = await hold(s.url, token, trip, ['KA-5']);
    const order = await checkout(s.url, token, holdId, ['KA-5'], 'hooks-1');
    const ref = refOf(order);
    const captured = { id: 'evt_test_captured_1', type: 'payment.captured', created: 0, data: { ref } };

    // Forged: a valid-looking event signed with another secret, or not signed at all.
    const raw = JSON.stringify(captured);
    const forged = await post(raw, {
      [SIGNATURE_HEADER]: signWebhook('not-the-secret-000000', raw, Date.now()),
    });
    expect(forged.status).toBe(403);
    expect((await post(raw, {})).status).toBe(403);
    // Stale: correctly signed ten minutes ago (a captured delivery replayed later).
    const stale = signed(captured, Date.now() - 10 * 60_000);
    expect((await post(stale.raw, stale.headers)).status).toBe(403);
    // Tampered after signing.
    const ok = signed(captured);
    const otherRef = `${ref.slice(0, -1)}${ref.endsWith('0') ? '1' : '0'}`;
    expect((await post(ok.raw.replace(ref, otherRef), ok.headers)).status).toBe(403);
    // Signed but a lie: the provider has not captured anything, so nothing changes.
    expect((await post(ok.raw, ok.headers)).status).toBe(200);
    expect((await orderOf(s.url, token, order.id)).status).toBe('pending');

    await complete(s.url, ref, 'pay');
    await until(s.url, token, order.id, 'confirmed');
    // Replays of the same event id and a late "failed" event leave the confirmed order alone.
    const replay = signed(captured);
    expect((await post(replay.raw, replay.headers)).status).toBe(200);
    const late = signed({ id: 'evt_test_failed_1', type: 'payment.failed', created: 0, data: { ref } });
    expect((await post(late.raw, late.headers)).status).toBe(200);
    const after = await orderOf(s.url, token, order.id);
    expect(after.status).toBe('confirmed');
    expect(await testDb()('cache_outbox').where({ order_id: order.id, kind: 'confirm' })).toHaveLength(1);
    expect(await testDb()('payment_events').where({ event_id: 'evt_test_captured_1' })).toHaveLength(1);
  });

  it('cash at the counter: staff and kiosks may confirm, passengers may not', async () => {
    const { token } = await guest(s.url);
    const clerk = await staffAccount(s.url, 'staff');
    const holdId = await hold(s.url, token, trip, ['KA-6']);
    const order = await checkout(s.url, token, holdId, ['KA-6'], 'cash-1');
    const mine = await api(s.url, 'POST', `/api/orders/${order.id}/pay-cash`, { token });
    expect(mine.status).toBe(403);
    const r = await api(s.url, 'POST', `/api/orders/${order.id}/pay-cash`, { token: clerk.token });
    expect(r.status).toBe(200);
    expect(r.body.order.status).toBe('confirmed');
    expect(await seat(s.url, trip, 'KA-6')).toMatchObject({ held: 0, sold: 0b111 });
    // The online intent was voided: paying it now is refused by the gateway.
    expect((await complete(s.url, refOf(order), 'pay')).body.status).toBe('cancelled');
  });
});

describe('refunds', () => {
  it('cancelling one passenger 3 h before departure refunds half that fare through the provider', async () => {
    const soon = await createTrip('703', { departsAt: new Date(Date.now() + 3 * 3_600_000) });
    const { token } = await guest(s.url);
    const holdId = await hold(s.url, token, soon, ['KA-1', 'KA-2']);
    const order = await checkout(s.url, token, holdId, ['KA-1', 'KA-2'], 'refund-1');
    await complete(s.url, refOf(order), 'pay');
    await until(s.url, token, order.id, 'confirmed');
    const fare = (await orderOf(s.url, token, order.id)).total / 2;

    const r = await api(s.url, 'POST', `/api/orders/${order.id}/cancel`, {
      token,
      body: { seatIds: ['KA-2'] },
    });
    expect(r.status).toBe(200);
    const refund = fare - Math.ceil(fare / 2);
    expect(r.body.order).toMatchObject({ status: 'confirmed', refunded: refund });
    const gateway = await testDb()('sandbox_payments')
      .where({ id: refOf(order) })
      .first();
    expect(gateway.refunded_minor).toBe(refund);
    await waitUntil('seat freed', async () => (await seat(s.url, soon, 'KA-2')).sold === 0);
    expect((await seat(s.url, soon, 'KA-1')).sold).not.toBe(0);
  });
});

describe('payments across time and crashes', () => {
  it('a capture that lands after the hold ended is refunded automatically and sells nothing', async () => {
    const short = await startServer({
      ...SANDBOX,
      HOLD_TTL_SECONDS: '1',
      PAYMENT_GRACE_SECONDS: '1',
      PAYMENT_SANDBOX_SLOW_MS: '4000',
    });
    try {
      const t = await createTrip();
      const { token } = await guest(short.url);
      const holdId = await hold(short.url, token, t, ['KA-7']);
      const order = await checkout(short.url, token, holdId, ['KA-7'], 'late-1');
      expect((await complete(short.url, refOf(order), 'slow')).body.status).toBe('pending');
      await until(short.url, token, order.id, 'expired');
      await waitUntil('seat free', async () => (await seat(short.url, t, 'KA-7')).held === 0);
      // The gateway captures late: the money goes back, the seat stays free.
      await waitUntil(
        'refund',
        async () => ((await orderOf(short.url, token, order.id)).refunded ?? 0) === order.total,
      );
      const gateway = await testDb()('sandbox_payments')
        .where({ id: refOf(order) })
        .first();
      expect(gateway).toMatchObject({ status: 'refunded', refunded_minor: order.total });
      expect(await seat(short.url, t, 'KA-7')).toMatchObject({ held: 0, sold: 0 });
      expect(await testDb()('tickets').where({ order_id: order.id, active: true })).toHaveLength(0);
    } finally {
      await short.close();
    }
  });

  it('a server that dies between capture and confirmation: another instance reconciles', async () => {
    // The webhook is never delivered (it would come in an hour; the first server dies with it).
    const env = { ...SANDBOX, PAYMENT_SANDBOX_WEBHOOK_DELAY_MS: '3600000' };
    // The file's server reconciles every 200 ms: it would confirm the order as soon as it is captured,
    // racing the check that the dying server left it pending. Only this test's servers run from here.
    await closeShared();
    const first = await startServer({ ...env, PAYMENT_RECONCILE_INTERVAL_MS: '600000' });
    const t = await createTrip();
    const { token } = await guest(first.url);
    const holdId = await hold(first.url, token, t, ['KA-8']);
    const order = await checkout(first.url, token, holdId, ['KA-8'], 'crash-1');
    expect((await complete(first.url, refOf(order), 'pay')).body.status).toBe('captured');
    await first.close();
    expect((await testDb()('orders').where({ id: order.id }).first()).status).toBe('pending');

    const second = await startServer(env);
    try {
      await until(second.url, token, order.id, 'confirmed');
      expect(await seat(second.url, t, 'KA-8')).toMatchObject({ held: 0, sold: 0b111 });
    } finally {
      await second.close();
    }
  });
});
