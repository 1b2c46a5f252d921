import type { GateScanResponse, Order } from '@fastpass/shared';
import { compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, api, closeTestDb, createTrip, guest, startServer, testDb } from './harness';
import { Receipts, SandboxOutboxNotifier } from '../src/tickets/receipts';
import { waitUntil } from './services';

let s: TestServer;
let trip: string;
let otherTrip: string;
let staff: { token: string; userId: string };
beforeAll(async () => {
  s = await startServer({ PAYMENTS: 'off' });
  trip = await createTrip();
  otherTrip = await createTrip();
  const email = `gate-${Math.random().toString(36).slice(2)}@example.test`;
  const reg = await api(s.url, 'POST', '/api/auth/register', {
    body: { email, password: 'gate-password', name: 'Gate' },
  });
  await testDb()('users').where({ id: reg.body.user.id }).update({ role: 'staff' });
  await testDb()('users')
    .where({ id: reg.body.user.id })
    .update({ tokens_valid_after: testDb().raw(`now() - interval '2 seconds'`) });
  const login = await api(s.url, 'POST', '/api/auth/login', { body: { email, password: 'gate-password' } });
  staff = { token: login.body.token, userId: reg.body.user.id };
});
afterAll(async () => {
  await s?.close();
  await closeTestDb();
});

async function buy(token: string, t: string, seatIds: string[], key: string): Promise<Order> {
  const h = await api(s.url, 'POST', `/api/trips/${t}/holds`, {
    token,
    body: { seatIds, from: 'DHK', to: 'CTG' },
  });
  expect(h.status).toBe(201);
  const r = await api(s.url, 'POST', '/api/orders', {
    token,
    body: {
      holdId: h.body.holdId,
      passengers: seatIds.map((seatId, i) => ({ seatId, name: `Passenger ${i}` })),
    },
    headers: { 'Idempotency-Key': key },
  });
  expect(r.status).toBe(201);
  return r.body.order;
}
const scan = async (body: object, token = staff.token) => {
  const r = await api(s.url, 'POST', '/api/gate/scan', { token, body });
  return { status: r.status, body: r.body as GateScanResponse };
};

describe('signed tickets and the gate', () => {
  it('a QR verifies offline with the published key; the gate boards once, then says already used', async () => {
    const { token } = await guest(s.url);
    const order = await buy(token, trip, ['KHA-1'], 'qr-1');
    const qr = order.tickets[0]!.qr!;
    expect(qr.split('.')).toHaveLength(3);

    const jwks = (await api(s.url, 'GET', '/api/tickets/jwks')).body;
    const key = await importJWK(jwks.keys[0], 'EdDSA');
    const claims = JSON.parse(new TextDecoder().decode((await compactVerify(qr, key)).payload));
    expect(claims).toMatchObject({
      pnr: order.pnr,
      order: order.id,
      trip,
      seat: 'KHA-1',
      from: 'DHK',
      to: 'CTG',
    });

    const first = await scan({ token: qr, tripId: trip, gate: 'Kamalapur 3' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ result: 'valid', pnr: order.pnr });
    const second = await scan({ token: qr, tripId: trip, gate: 'Kamalapur 4' });
    expect(second.body.result).toBe('already_used');
    expect(second.body.passengers![0]).toMatchObject({ boardedGate: 'Kamalapur 3' });
    expect(second.body.message).toMatch(/Already used at Kamalapur 3/);
    const row = await testDb()('tickets').where({ order_id: order.id }).first();
    expect(row.boarded_by).toBe(staff.userId);

    // Two gates scanning one fresh ticket at the same instant board it once.
    const other = await buy(token, trip, ['KHA-2'], 'qr-2');
    const both = await Promise.all([
      scan({ token: other.tickets[0]!.qr }),
      scan({ token: other.tickets[0]!.qr }),
    ]);
    expect(both.map((b) => b.body.result).sort()).toEqual(['already_used', 'valid']);
  });

  it('refuses forged QR codes, passengers at the gate, wrong trips and cancelled tickets', async () => {
    const { token } = await guest(s.url);
    const order = await buy(token, trip, ['KHA-3', 'KHA-4'], 'qr-3');
    const qr = order.tickets[0]!.qr!;
    const [h, , sig] = qr.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ v: 1, order: order.id, seat: 'KHA-4' })).toString(
      'base64url',
    );
    expect((await scan({ token: `${h}.${forgedPayload}.${sig}` })).body.result).toBe('invalid');
    expect((await scan({ token: qr }, token)).status).toBe(403);
    expect((await scan({ token: qr, tripId: otherTrip })).body.result).toBe('wrong_trip');

    const c = await api(s.url, 'POST', `/api/orders/${order.id}/cancel`, {
      token,
      body: { seatIds: ['KHA-3'] },
    });
    expect(c.status).toBe(200);
    expect(c.body.order.status).toBe('confirmed');
    expect((await scan({ token: qr })).body.result).toBe('cancelled');
    // The other passenger still travels, boarded by PNR at a counter.
    const byPnr = await scan({ pnr: order.pnr.toLowerCase(), gate: 'counter' });
    expect(byPnr.body.result).toBe('valid');
    expect(byPnr.body.passengers!.map((p) => [p.seatId, p.result])).toEqual([
      ['KHA-3', 'cancelled'],
      ['KHA-4', 'valid'],
    ]);
    expect((await scan({ pnr: 'ZZZZ2222' })).body.result).toBe('not_found');
  });

  it('partial cancellation frees only those seats, live', async () => {
    const { token } = await guest(s.url);
    const order = await buy(token, trip, ['KHA-5', 'KHA-6'], 'partial-1');
    const c = await api(s.url, 'POST', `/api/orders/${order.id}/cancel`, {
      token,
      body: { seatIds: ['KHA-6'] },
    });
    const after = c.body.order as Order;
    expect(after.status).toBe('confirmed');
    expect(after.tickets.find((t) => t.seatId === 'KHA-6')).toMatchObject({ cancelled: true });
    expect(after.tickets.find((t) => t.seatId === 'KHA-6')!.qr).toBeUndefined();
    expect(after.tickets.find((t) => t.seatId === 'KHA-5')!.qr).toBeTruthy();
    const seats = async () => (await api(s.url, 'GET', `/api/trips/${trip}/seats`)).body.seats;
    await waitUntil(
      'seat freed',
      async () => (await seats()).find((x: { id: string }) => x.id === 'KHA-6').sold === 0,
    );
    expect((await seats()).find((x: { id: string }) => x.id === 'KHA-5').sold).not.toBe(0);
    // Cancelling a seat not in the order changes nothing.
    const bad = await api(s.url, 'POST', `/api/orders/${order.id}/cancel`, {
      token,
      body: { seatIds: ['KHA-9'] },
    });
    expect(bad.status).toBe(404);
    // The last passenger: the order is cancelled.
    const last = await api(s.url, 'POST', `/api/orders/${order.id}/cancel`, {
      token,
      body: { seatIds: ['KHA-5'] },
    });
    expect(last.body.order.status).toBe('cancelled');
  });

  it('gives the owner a PDF of the ticket', async () => {
    const { token } = await guest(s.url);
    const order = await buy(token, trip, ['KHA-9'], 'pdf-1');
    const res = await fetch(`${s.url}/api/orders/${order.id}/ticket.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(2000);
    const other = await guest(s.url);
    const foreign = await fetch(`${s.url}/api/orders/${order.id}/ticket.pdf`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(foreign.status).toBe(403);
  });

  it('sends the buyer a receipt through the sandbox outbox', async () => {
    const email = `buyer-${Math.random().toString(36).slice(2)}@example.test`;
    const reg = await api(s.url, 'POST', '/api/auth/register', {
      body: { email, password: 'buyer-password', name: 'Buyer' },
    });
    const order = await buy(reg.body.token, trip, ['KHA-8'], 'receipt-1');
    await waitUntil(
      'a receipt',
      async () => (await testDb()('notifications').where({ order_id: order.id })).length > 0,
    );
    const [n] = await testDb()('notifications').where({ order_id: order.id });
    expect(n).toMatchObject({ channel: 'email', recipient: email, subject: `FastPass ticket ${order.pnr}` });
    expect(n.body).toContain(order.pnr);
  });

  it('reads an order for its receipt only when the buyer has a contact and the purchase did not hand it over', async () => {
    const views: string[] = [];
    const receipts = new Receipts({
      db: testDb(),
      notifier: new SandboxOutboxNotifier(testDb()),
      view: async (id) => {
        views.push(id);
        return s.deps.appDeps.orders.view(id);
      },
      log: s.deps.appDeps.log,
    });
    const notes = async (orderId: string) =>
      (await testDb()('notifications').where({ order_id: orderId })).length;

    const anonymous = await buy((await guest(s.url)).token, trip, ['KHA-10'], 'receipt-guest');
    await receipts.sendFor(anonymous.id);
    expect(views).toEqual([]);
    expect(await notes(anonymous.id)).toBe(0);

    const reg = await api(s.url, 'POST', '/api/auth/register', {
      body: {
        email: `handed-${Math.random().toString(36).slice(2)}@example.test`,
        password: 'buyer-password',
        name: 'B',
      },
    });
    const order = await buy(reg.body.token, trip, ['KHA-11'], 'receipt-handed');
    await waitUntil('the purchase receipt', async () => (await notes(order.id)) === 1);
    await receipts.sendFor(order.id, order);
    expect(views).toEqual([]);
    await receipts.sendFor(order.id);
    expect(views).toEqual([order.id]);
    expect(await notes(order.id)).toBe(3);
  });

  it('looks a ticket up by PNR and the verified phone only', async () => {
    const { token, userId } = await guest(s.url);
    const order = await buy(token, trip, ['KHA-7'], 'lookup-1');
    await testDb()('users').where({ id: userId }).update({ phone: '+8801712345678' });
    const ok = await api(s.url, 'GET', `/api/tickets/lookup?pnr=${order.pnr}&phone=01712345678`);
    expect(ok.status).toBe(200);
    expect(ok.body.order.id).toBe(order.id);
    expect(ok.body.order.tickets[0].qr).toBeTruthy();
    const wrong = await api(s.url, 'GET', `/api/tickets/lookup?pnr=${order.pnr}&phone=01799999999`);
    expect(wrong.status).toBe(404);
  });
});
