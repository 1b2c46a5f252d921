import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, api, bookableTrips, guest, startServer } from './harness';
import { PrivatePostgres, type PrivateRedis, startPrivateRedis, waitUntil } from './services';

// Its own Postgres (to stop and restart) and Redis, so no other suite notices.
let pg: PrivatePostgres;
let redis: PrivateRedis;
let server: TestServer;
let url: string;
beforeAll(async () => {
  pg = new PrivatePostgres();
  await pg.start();
  url = pg.url;
  redis = await startPrivateRedis();
  server = await startServer({ DATABASE_URL: url, REDIS_URL: redis.url });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await redis?.kill();
  await pg?.stop();
});

describe('Postgres stops', () => {
  it('purchases get 503 with nothing written, holds continue, purchases work after restart', async () => {
    const [first] = await bookableTrips(server.url);
    if (!first) throw new Error('no bookable trip today or tomorrow');
    const trip = first.id;
    const { token } = await guest(server.url);
    const hold = async (seat: string) =>
      api(server.url, 'POST', `/api/trips/${trip}/holds`, {
        token,
        body: { seatIds: [seat], from: first.from, to: first.to },
      });
    const h = await hold('CHA-1');
    expect(h.status).toBe(201);
    const buy = () =>
      api(server.url, 'POST', '/api/orders', {
        token,
        headers: { 'Idempotency-Key': 'during-outage' },
        body: { holdId: h.body.holdId, passengers: [{ seatId: 'CHA-1', name: 'Outage' }] },
      });

    await pg.stop();
    const refused = await buy();
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
    expect((await hold('CHA-2')).status).toBe(201);
    const ready = await api(server.url, 'GET', '/readyz');
    expect(ready).toEqual({ status: 200, body: { redis: 'up', postgres: 'down', mode: 'cache' } });

    await pg.resume();
    await waitUntil(
      'postgres back',
      async () => (await api(server.url, 'GET', '/readyz')).body.postgres === 'up',
      20_000,
      200,
    );
    const bought = await buy();
    expect(bought.status).toBe(201);
    expect(bought.body.order.tickets).toHaveLength(1);
    const again = await buy();
    expect(again.body.order.id).toBe(bought.body.order.id);
    const mine = await api(server.url, 'GET', '/api/orders', { token });
    expect(mine.body).toHaveLength(1);
  });
});
