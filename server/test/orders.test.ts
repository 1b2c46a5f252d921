import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, api, closeTestDb, createTrip, guest, startServer, testDb } from './harness';

// Trip 703: DHK0 DAP1 NRS2 BBT3 BMB4 AKH5 CML6 LKM7 FEN8 CTG9; km DHK 0, BBT 80, CTG 321.
let s: TestServer;
let trip: string;
beforeAll(async () => {
  s = await startServer();
  trip = await createTrip();
});
afterAll(async () => {
  await s?.close();
  await closeTestDb();
});

async function holdFor(token: string, seatIds: string[], from: string, to: string) {
  const r = await api(s.url, 'POST', `/api/trips/${trip}/holds`, { token, body: { seatIds, from, to } });
  if (r.status !== 201) throw new Error(`hold failed: ${JSON.stringify(r.body)}`);
  return r.body as { holdId: string; seatIds: string[] };
}
const buy = (token: string, key: string, body: unknown) =>
  api(s.url, 'POST', '/api/orders', { token, body, headers: { 'Idempotency-Key': key } });
const seat = async (id: string) =>
  (await api(s.url, 'GET', `/api/trips/${trip}/seats`)).body.seats.find((x: { id: string }) => x.id === id);

describe('POST /api/orders', () => {
  it('buys a held journey, priced by class and distance, and the legs become sold', async () => {
    const { token, userId } = await guest(s.url);
    const h = await holdFor(token, ['GHA-1', 'KA-1'], 'DHK', 'BBT');
    const body = {
      holdId: h.holdId,
      passengers: [
        { seatId: 'GHA-1', name: 'Karim' },
        { seatId: 'KA-1', name: 'Salma' },
      ],
    };
    const r = await buy(token, 'k-1', body);
    expect(r.status).toBe(201);
    const o = r.body.order;
    expect(o).toMatchObject({ tripId: trip, from: 'DHK', to: 'BBT', status: 'confirmed', currency: 'BDT' });
    expect(o.pnr).toMatch(/^[A-Z2-9]{8}$/);
    const fares = Object.fromEntries(
      o.tickets.map((t: { seatId: string; fare: number }) => [t.seatId, t.fare]),
    );
    expect(fares).toEqual({ 'GHA-1': 2000 + 105 * 80, 'KA-1': 5000 + 420 * 80 });
    expect(o.total).toBe(fares['GHA-1'] + fares['KA-1']);
    expect(await seat('GHA-1')).toMatchObject({ held: 0, sold: 0b111 });

    // The same key and body: the same order, no second one.
    const again = await buy(token, 'k-1', body);
    expect(again.status).toBe(201);
    expect(again.body.order.id).toBe(o.id);
    // The same key with another body.
    const other = await buy(token, 'k-1', {
      ...body,
      passengers: [{ seatId: 'GHA-1', name: 'Someone Else' }, body.passengers[1]],
    });
    expect(other).toMatchObject({ status: 422, body: { error: { code: 'IDEMPOTENCY_CONFLICT' } } });
    const rows = await testDb()('orders').where({ user_id: userId, idempotency_key: 'k-1' });
    expect(rows).toHaveLength(1);

    // The seat can be sold again for a later, non-overlapping journey.
    const next = await guest(s.url);
    const h2 = await holdFor(next.token, ['GHA-1'], 'BBT', 'CTG');
    expect(
      (await buy(next.token, 'k-2', { holdId: h2.holdId, passengers: [{ seatId: 'GHA-1', name: 'Rina' }] }))
        .status,
    ).toBe(201);
    expect(await seat('GHA-1')).toMatchObject({ held: 0, sold: 0b111111111 });
  });

  it('concurrent retries with one key create exactly one order', async () => {
    const { token } = await guest(s.url);
    const h = await holdFor(token, ['GHA-2'], 'DHK', 'CTG');
    const body = { holdId: h.holdId, passengers: [{ seatId: 'GHA-2', name: 'Nusrat' }] };
    const results = await Promise.all(Array.from({ length: 8 }, () => buy(token, 'retry-key', body)));
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
    expect(await testDb()('tickets').where({ trip_id: trip, seat_id: 'GHA-2' })).toHaveLength(1);
  });

  it('refuses bad, foreign, tampered and ended holds with contract codes', async () => {
    const alice = await guest(s.url);
    const bob = await guest(s.url);
    const h = await holdFor(alice.token, ['GHA-3'], 'DHK', 'CTG');
    const body = { holdId: h.holdId, passengers: [{ seatId: 'GHA-3', name: 'A' }] };
    expect((await api(s.url, 'POST', '/api/orders', { token: alice.token, body })).body.error.code).toBe(
      'VALIDATION',
    );
    expect((await buy(alice.token, 'x', { holdId: h.holdId, passengers: [] })).body.error.code).toBe(
      'VALIDATION',
    );
    expect(
      (await buy(alice.token, 'x', { ...body, passengers: [{ seatId: 'GHA-4', name: 'A' }] })).body.error
        .code,
    ).toBe('VALIDATION');
    expect(
      (await api(s.url, 'POST', '/api/orders', { body, headers: { 'Idempotency-Key': 'x' } })).status,
    ).toBe(401);
    expect((await buy(bob.token, 'x', body)).body.error.code).toBe('FORBIDDEN');
    expect((await buy(alice.token, 'x', { ...body, holdId: `${trip}~tampered` })).body.error.code).toBe(
      'NOT_FOUND',
    );
    expect((await buy(alice.token, 'x', { ...body, holdId: 'no-such-trip~abc' })).status).toBe(404);
    await api(s.url, 'DELETE', `/api/holds/${h.holdId}`, { token: alice.token });
    expect(await buy(alice.token, 'x', body)).toMatchObject({
      status: 410,
      body: { error: { code: 'HOLD_EXPIRED' } },
    });
    expect(await testDb()('tickets').where({ trip_id: trip, seat_id: 'GHA-3' })).toHaveLength(0);
  });

  it('bought seats count toward the per-user cap', async () => {
    const { token } = await guest(s.url);
    const h = await holdFor(token, ['JA-1', 'JA-2', 'JA-3'], 'DHK', 'BBT');
    const passengers = h.seatIds.map((seatId) => ({ seatId, name: 'P' }));
    expect((await buy(token, 'cap', { holdId: h.holdId, passengers })).status).toBe(201);
    const more = await api(s.url, 'POST', `/api/trips/${trip}/holds`, {
      token,
      body: { seatIds: ['JA-4', 'JA-5'], from: 'BBT', to: 'CTG' },
    });
    expect(more.body.error.code).toBe('LIMIT_EXCEEDED');
  });
});

describe('the Postgres fence', () => {
  it('refuses a double sale on overlapping legs even when Redis is bypassed', async () => {
    const { token, userId } = await guest(s.url);
    const h = await holdFor(token, ['JHA-1'], 'BBT', 'CML');
    expect(
      (await buy(token, 'fence', { holdId: h.holdId, passengers: [{ seatId: 'JHA-1', name: 'F' }] })).status,
    ).toBe(201);
    const k = testDb();
    const insertTicket = (lo: number, hi: number) =>
      k.transaction(async (tx) => {
        const [o] = await tx('orders')
          .insert({
            pnr: `T${Math.random().toString(36).slice(2, 9).toUpperCase()}`,
            user_id: userId,
            trip_id: trip,
            from_idx: lo,
            to_idx: hi,
            status: 'confirmed',
            total_minor: 1,
            currency: 'BDT',
            idempotency_key: `direct-${lo}-${hi}-${Math.random()}`,
            request_hash: 'x',
          })
          .returning('id');
        await tx('tickets').insert({
          order_id: o.id,
          trip_id: trip,
          seat_id: 'JHA-1',
          user_id: userId,
          legs: tx.raw('int4range(?, ?)', [lo, hi]),
          passenger_name: 'Bypass',
          fare_minor: 1,
        });
      });
    await expect(insertTicket(5, 8)).rejects.toMatchObject({ code: '23P01' });
    await expect(insertTicket(0, 4)).rejects.toMatchObject({ code: '23P01' });
    await expect(insertTicket(6, 9)).resolves.toBeUndefined(); // CML→CTG does not overlap BBT→CML
    await expect(insertTicket(0, 3)).resolves.toBeUndefined();
  });
});

describe('orders list and cancel', () => {
  it('lists my orders newest first and cancelling frees the legs live', async () => {
    const { token } = await guest(s.url);
    const h1 = await holdFor(token, ['TA-1'], 'DHK', 'CTG');
    const o1 = (await buy(token, 'l1', { holdId: h1.holdId, passengers: [{ seatId: 'TA-1', name: 'One' }] }))
      .body.order;
    const h2 = await holdFor(token, ['TA-2'], 'DHK', 'CTG');
    const o2 = (await buy(token, 'l2', { holdId: h2.holdId, passengers: [{ seatId: 'TA-2', name: 'Two' }] }))
      .body.order;
    const list = await api(s.url, 'GET', '/api/orders', { token });
    expect(list.body.map((o: { id: string }) => o.id)).toEqual([o2.id, o1.id]);
    expect((await api(s.url, 'GET', '/api/orders')).status).toBe(401);

    const other = await guest(s.url);
    expect(
      (await api(s.url, 'POST', `/api/orders/${o1.id}/cancel`, { token: other.token })).body.error.code,
    ).toBe('FORBIDDEN');
    expect((await api(s.url, 'POST', '/api/orders/not-a-uuid/cancel', { token })).status).toBe(404);
    const c = await api(s.url, 'POST', `/api/orders/${o1.id}/cancel`, { token });
    expect(c.status).toBe(200);
    expect(c.body.order.status).toBe('cancelled');
    expect(await seat('TA-1')).toMatchObject({ held: 0, sold: 0 });
    // The seat can be held and bought again.
    const h3 = await holdFor(other.token, ['TA-1'], 'DHK', 'CTG');
    expect(
      (await buy(other.token, 'l3', { holdId: h3.holdId, passengers: [{ seatId: 'TA-1', name: 'Three' }] }))
        .status,
    ).toBe(201);
  });
});
