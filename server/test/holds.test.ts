import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, api, closeTestDb, createTrip, guest, startServer } from './harness';

// Trip 703: DHK0 DAP1 NRS2 BBT3 BMB4 AKH5 CML6 LKM7 FEN8 CTG9
let s: TestServer;
let trip: string;
let alice: string;
let bob: string;
beforeAll(async () => {
  s = await startServer();
  trip = await createTrip();
  alice = (await guest(s.url)).token;
  bob = (await guest(s.url)).token;
});
afterAll(async () => {
  await s?.close();
  await closeTestDb();
});

const hold = (token: string | undefined, body: unknown, tripId = trip) =>
  api(s.url, 'POST', `/api/trips/${tripId}/holds`, { token, body });
const occupancy = async (seat: string) =>
  (await api(s.url, 'GET', `/api/trips/${trip}/seats`)).body.seats.find((x: { id: string }) => x.id === seat);

describe('POST /api/trips/:id/holds', () => {
  it('holds seats for a journey and shows the legs as held', async () => {
    const r = await hold(alice, { seatIds: ['GHA-1', 'GHA-2'], from: 'DHK', to: 'BBT' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ tripId: trip, seatIds: ['GHA-1', 'GHA-2'], from: 'DHK', to: 'BBT' });
    expect(r.body.holdId.length).toBeLessThanOrEqual(64);
    const ttl = Date.parse(r.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(await occupancy('GHA-1')).toMatchObject({ held: 0b111, sold: 0 });
    await api(s.url, 'DELETE', `/api/holds/${r.body.holdId}`, { token: alice });
  });

  it('lets adjacent journeys share a seat and refuses overlapping ones', async () => {
    const a = await hold(alice, { seatIds: ['GHA-5'], from: 'DHK', to: 'BBT' });
    expect(a.status).toBe(201);
    const b = await hold(bob, { seatIds: ['GHA-5'], from: 'BBT', to: 'CTG' });
    expect(b.status).toBe(201);
    expect(await occupancy('GHA-5')).toMatchObject({ held: 0b111111111 });
    const c = await hold(bob, { seatIds: ['GHA-5', 'GHA-6'], from: 'NRS', to: 'BMB' });
    expect(c).toMatchObject({ status: 409, body: { error: { code: 'SEAT_TAKEN', seatIds: ['GHA-5'] } } });
    // All or nothing: the free seat of the refused request was not held.
    expect(await occupancy('GHA-6')).toMatchObject({ held: 0 });
    await api(s.url, 'DELETE', `/api/holds/${a.body.holdId}`, { token: alice });
    await api(s.url, 'DELETE', `/api/holds/${b.body.holdId}`, { token: bob });
  });

  it('answers each kind of bad input with its contract code, in precedence order', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ seatIds: 'GHA-9', from: 'DHK', to: 'CTG' }, 400, 'VALIDATION'],
      [{ seatIds: [], from: 'DHK', to: 'CTG' }, 400, 'VALIDATION'],
      [
        { seatIds: Array.from({ length: 11 }, (_, i) => `GHA-${i + 1}`), from: 'DHK', to: 'CTG' },
        400,
        'VALIDATION',
      ],
      [{ seatIds: ['GHA-9', 'GHA-9'], from: 'DHK', to: 'CTG' }, 400, 'VALIDATION'],
      [{ seatIds: [42], from: 'DHK', to: 'CTG' }, 400, 'VALIDATION'],
      [{ seatIds: ['x'.repeat(65)], from: 'DHK', to: 'CTG' }, 400, 'VALIDATION'],
      [{ seatIds: ['GHA-9'], from: 'CTG', to: 'DHK' }, 400, 'VALIDATION'],
      [{ seatIds: ['GHA-9'], from: 'DHK', to: 'DHK' }, 400, 'VALIDATION'],
      [{ seatIds: ['GHA-9'], from: 'DHK' }, 400, 'VALIDATION'],
      [null, 400, 'VALIDATION'],
      [{ seatIds: ['GHA-9'], from: 'DHK', to: 'SYL' }, 404, 'NOT_FOUND'],
      [{ seatIds: ['ZZ-1'], from: 'DHK', to: 'CTG' }, 404, 'NOT_FOUND'],
      [
        { seatIds: ['GHA-9', 'GHA-10', 'GHA-11', 'GHA-12', 'GHA-13'], from: 'DHK', to: 'CTG' },
        422,
        'LIMIT_EXCEEDED',
      ],
    ];
    for (const [body, status, code] of cases) {
      const r = await hold(alice, body);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status, code });
    }
    expect((await hold(alice, { seatIds: ['GHA-9'], from: 'DHK', to: 'CTG' }, 'no-such-trip')).status).toBe(
      404,
    );
    const unauth = await hold(undefined, { seatIds: ['GHA-9'], from: 'DHK', to: 'CTG' });
    expect(unauth).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const badToken = await hold('forged.token', { seatIds: ['GHA-9'], from: 'DHK', to: 'CTG' });
    expect(badToken.status).toBe(401);
    // VALIDATION outranks UNAUTHENTICATED.
    expect((await hold(undefined, { seatIds: [] })).body.error.code).toBe('VALIDATION');
    expect((await occupancy('GHA-9')).held).toBe(0);
  });

  it('caps seats per user across holds and purchases (MAX_SEATS_PER_USER)', async () => {
    const carol = (await guest(s.url)).token;
    const first = await hold(carol, { seatIds: ['CHA-1', 'CHA-2', 'CHA-3'], from: 'DHK', to: 'CTG' });
    expect(first.status).toBe(201);
    const over = await hold(carol, { seatIds: ['CHA-4', 'CHA-5'], from: 'DHK', to: 'CTG' });
    expect(over).toMatchObject({ status: 422, body: { error: { code: 'LIMIT_EXCEEDED' } } });
    // LIMIT_EXCEEDED outranks SEAT_TAKEN.
    const both = await hold(carol, { seatIds: ['CHA-1', 'CHA-4'], from: 'DHK', to: 'CTG' });
    expect(both.body.error.code).toBe('LIMIT_EXCEEDED');
    expect((await hold(carol, { seatIds: ['CHA-4'], from: 'DHK', to: 'CTG' })).status).toBe(201);
    await api(s.url, 'DELETE', `/api/holds/${first.body.holdId}`, { token: carol });
    expect((await hold(carol, { seatIds: ['CHA-5', 'CHA-6', 'CHA-7'], from: 'DHK', to: 'CTG' })).status).toBe(
      201,
    );
  });
});

describe('DELETE /api/holds/:id', () => {
  it('only the owner can release; a second release is HOLD_EXPIRED', async () => {
    const h = await hold(alice, { seatIds: ['JA-1'], from: 'DHK', to: 'CTG' });
    const id = h.body.holdId;
    expect((await api(s.url, 'DELETE', `/api/holds/${id}`, { token: bob })).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await api(s.url, 'DELETE', `/api/holds/${id}`)).status).toBe(401);
    expect((await api(s.url, 'DELETE', `/api/holds/${id}`, { token: alice })).status).toBe(204);
    expect((await occupancy('JA-1')).held).toBe(0);
    const again = await api(s.url, 'DELETE', `/api/holds/${id}`, { token: alice });
    expect(again).toMatchObject({ status: 410, body: { error: { code: 'HOLD_EXPIRED' } } });
  });

  it('unknown, tampered and overlong hold ids', async () => {
    expect((await api(s.url, 'DELETE', '/api/holds/nothing', { token: alice })).status).toBe(404);
    expect((await api(s.url, 'DELETE', `/api/holds/${trip}~forged`, { token: alice })).status).toBe(404);
    expect((await api(s.url, 'DELETE', `/api/holds/${'h'.repeat(65)}`, { token: alice })).status).toBe(400);
  });
});

describe('POST /api/holds/:id/extend (extension)', () => {
  it('extends once, capped at twice the TTL from creation', async () => {
    const h = await hold(alice, { seatIds: ['JA-2'], from: 'DHK', to: 'CTG' });
    const ext = await api(s.url, 'POST', `/api/holds/${h.body.holdId}/extend`, { token: alice });
    expect(ext.status).toBe(200);
    expect(Date.parse(ext.body.expiresAt)).toBeGreaterThanOrEqual(Date.parse(h.body.expiresAt));
    expect(ext.body.extended).toBe(true);
    const twice = await api(s.url, 'POST', `/api/holds/${h.body.holdId}/extend`, { token: alice });
    expect(twice).toMatchObject({ status: 422, body: { error: { code: 'LIMIT_EXCEEDED' } } });
    const other = await api(s.url, 'POST', `/api/holds/${h.body.holdId}/extend`, { token: bob });
    expect(other.body.error.code).toBe('FORBIDDEN');
    await api(s.url, 'DELETE', `/api/holds/${h.body.holdId}`, { token: alice });
  });
});
