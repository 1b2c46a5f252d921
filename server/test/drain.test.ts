import type { Hold } from '@fastpass/shared';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientSocket,
  NO_ABUSE_LIMITS,
  TEST_AUTH_SECRET,
  closeTestDb,
  createTrip,
  databaseUrl,
  guest,
  redisUrl,
  testDb,
} from './harness';
import { ServerProcess, freePort } from './services';

type Outcome = { ok: true; hold?: Hold } | { ok: false; code: string } | { lost: 'interrupted' | 'hanging' };

/** A passenger's socket that reconnects by itself, like the app's. */
function passenger(url: string, token: string): ClientSocket {
  return connect(url, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 400,
    forceNew: true,
  }) as ClientSocket;
}

/** One request: an answer, or lost because the connection dropped first, or hanging (no answer in 20 s). */
function request(s: ClientSocket, event: 'seat:hold' | 'seat:release', payload: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    // biome-ignore lint/suspicious/noExplicitAny: socket.io's emit overloads cannot express a generic event name
    (s.timeout(20_000).emit as any)(event, payload, (err: Error | null, res: any) => {
      if (err) return resolve({ lost: /disconnected/.test(err.message) ? 'interrupted' : 'hanging' });
      resolve(res.ok ? { ok: true, hold: res.hold } : { ok: false, code: res.error.code });
    });
  });
}

const connected = (s: ClientSocket) =>
  s.connected ? Promise.resolve() : new Promise<void>((r) => s.once('connect', () => r()));

describe('rolling restart during a rush (SIGTERM drains)', () => {
  const env = () => ({
    DATABASE_URL: databaseUrl(),
    REDIS_URL: redisUrl(),
    AUTH_SECRET: TEST_AUTH_SECRET,
    SHUTDOWN_DELAY_MS: '300',
    ...NO_ABUSE_LIMITS,
  });
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    servers = [new ServerProcess(await freePort(), env()), new ServerProcess(await freePort(), env())];
    await Promise.all(servers.map((s) => s.start()));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await closeTestDb();
  });

  it('answers every request it took, keeps every acknowledged hold, and says not-ready first', async () => {
    const trip = await createTrip();
    const clients = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const server = servers[i % 2]!;
        const { token, userId } = await guest(server.url);
        return {
          socket: passenger(server.url, token),
          userId,
          seats: [`KA-${2 * i + 1}`, `KA-${2 * i + 2}`],
        };
      }),
    );
    const outcomes: Outcome[] = [];
    /** Holds acknowledged and not (possibly) released since: each must still exist at the end. */
    const kept = new Map<string, { seat: string; userId: string }>();
    let running = true;
    const loops = clients.map(async (c) => {
      let n = 0;
      while (running) {
        await connected(c.socket);
        const seat = c.seats[n++ % 2]!;
        const held = await request(c.socket, 'seat:hold', {
          tripId: trip,
          seatIds: [seat],
          from: 'DHK',
          to: 'CTG',
        });
        outcomes.push(held);
        if (!('ok' in held) || !held.ok || !held.hold) continue;
        kept.set(held.hold.holdId, { seat, userId: c.userId });
        if (n % 3 === 0) continue; // keep some, release the rest
        kept.delete(held.hold.holdId); // from here its fate is uncertain until the release is answered
        const released = await request(c.socket, 'seat:release', { holdId: held.hold.holdId });
        outcomes.push(released);
        if ('ok' in released && !released.ok) kept.set(held.hold.holdId, { seat, userId: c.userId });
      }
    });

    const readiness: number[] = [];
    for (const server of servers) {
      await new Promise((r) => setTimeout(r, 800));
      const stopped = server.term();
      // The instance says not-ready before it stops taking connections. The signal reaches the process
      // asynchronously, so a first answer may still be the ready one from before it arrived.
      let r = await fetch(`${server.url}/readyz`).catch(() => null);
      while (r?.status === 200) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        r = await fetch(`${server.url}/readyz`).catch(() => null);
      }
      readiness.push(r?.status ?? 0);
      if (r) expect(await r.json()).toMatchObject({ draining: true });
      expect(await stopped).toBe(0);
      await server.start();
    }
    await new Promise((r) => setTimeout(r, 800));
    running = false;
    await Promise.all(loops);
    for (const c of clients) c.socket.disconnect();

    expect(readiness).toEqual([503, 503]);
    const hanging = outcomes.filter((o) => 'lost' in o && o.lost === 'hanging');
    expect(hanging).toEqual([]);
    const refused = outcomes.filter((o) => 'ok' in o && !o.ok) as { code: string }[];
    // Anything refused is a contract answer: restarting (UNAVAILABLE), or this client's own earlier hold
    // whose answer the restart interrupted.
    for (const r of refused)
      expect(['UNAVAILABLE', 'SEAT_TAKEN', 'LIMIT_EXCEEDED', 'HOLD_EXPIRED']).toContain(r.code);
    expect(outcomes.filter((o) => 'ok' in o && o.ok).length).toBeGreaterThan(50);

    // Every acknowledged hold still stands: in Redis (the seat map) and in Postgres (the mirror was flushed).
    const snap = (await (
      await fetch(`${servers[0]!.url}/api/trips/${trip}/seats?from=DHK&to=CTG`)
    ).json()) as {
      seats: { id: string; held: number }[];
    };
    const state = new Map(snap.seats.map((s) => [s.id, s.held]));
    for (const { seat } of kept.values()) expect(state.get(seat), seat).toBeGreaterThan(0);
    const rows = await testDb()('holds')
      .whereIn('id', [...kept.keys()])
      .select('id', 'status');
    expect(rows.filter((r: { status: string }) => r.status === 'active')).toHaveLength(kept.size);
  }, 120_000);
});
