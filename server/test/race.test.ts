import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientSocket, type TestServer, api, ask } from './harness';
import { type Cluster, startCluster } from './cluster';

// Two server instances on the same Redis and Postgres, like a scaled-out deployment.
let cluster: Cluster;
let a: TestServer;
let b: TestServer;
let trip: string;
beforeAll(async () => {
  cluster = await startCluster({ servers: 2 });
  [a, b] = cluster.servers as [TestServer, TestServer];
  trip = cluster.trip;
});
afterAll(() => cluster?.stop());

/** n guest sockets, alternating between the two instances. */
function clients(n: number): Promise<ClientSocket[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => cluster.socket(i % 2)));
}

describe('concurrent holds across two instances', () => {
  it('exactly one of 40 concurrent holders of one seat wins', async () => {
    const cs = await clients(40);
    const results = await Promise.all(
      cs.map((c) => ask(c, 'seat:hold', { tripId: trip, seatIds: ['KHA-7'], from: 'DHK', to: 'CTG' })),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const r of results)
      if (!r.ok) expect(r.error).toMatchObject({ code: 'SEAT_TAKEN', seatIds: ['KHA-7'] });
    const seats = (await api(a.url, 'GET', `/api/trips/${trip}/seats`)).body.seats;
    expect(seats.find((s: { id: string }) => s.id === 'KHA-7')).toMatchObject({ held: 0b111111111, sold: 0 });
  });

  it('overlapping legs race: one wins, and disjoint legs of the same seat both win', async () => {
    const cs = await clients(4);
    const journeys: Array<[string, string]> = [
      ['DHK', 'BBT'],
      ['NRS', 'AKH'],
      ['AKH', 'CTG'],
      ['CML', 'FEN'],
    ];
    const results = await Promise.all(
      cs.map((c, i) =>
        ask(c, 'seat:hold', { tripId: trip, seatIds: ['KHA-8'], from: journeys[i]![0], to: journeys[i]![1] }),
      ),
    );
    // DHK-BBT (legs 0-2) and NRS-AKH (2-4) overlap; AKH-CTG (5-8) and CML-FEN (6-7) overlap.
    // Whatever the order, exactly one of each overlapping pair wins.
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results[0]!.ok !== results[1]!.ok).toBe(true);
    expect(results[2]!.ok !== results[3]!.ok).toBe(true);
  });

  it('overlapping multi-seat requests: one wins whole, the loser holds nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const [x, y] = await clients(2);
      const s1 = `GA-${round * 3 + 1}`;
      const s2 = `GA-${round * 3 + 2}`;
      const s3 = `GA-${round * 3 + 3}`;
      const [rx, ry] = await Promise.all([
        ask(x!, 'seat:hold', { tripId: trip, seatIds: [s1, s2], from: 'DHK', to: 'CTG' }),
        ask(y!, 'seat:hold', { tripId: trip, seatIds: [s3, s2], from: 'DHK', to: 'CTG' }),
      ]);
      expect([rx.ok, ry.ok].filter(Boolean)).toHaveLength(1);
      const seats = (await api(b.url, 'GET', `/api/trips/${trip}/seats`)).body.seats as Array<{
        id: string;
        held: number;
      }>;
      const held = seats
        .filter((s) => [s1, s2, s3].includes(s.id) && s.held !== 0)
        .map((s) => s.id)
        .sort();
      expect(held).toEqual(rx.ok ? [s1, s2].sort() : [s2, s3].sort());
    }
  });
});
