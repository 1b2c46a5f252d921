import { ErrorCode } from '@fastpass/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tripKeys } from '../src/booking/redis/hold-codec';
import { createRedis } from '../src/infra/redis';
import {
  type ClientSocket,
  type TestServer,
  api,
  createTrip,
  closeTestDb,
  guest,
  redisUrl,
  socketOf,
  startServer,
} from './harness';

/*
 * Hostile and odd Socket.IO input: random events (known and unknown names) with random payloads, with and
 * without an ack, on a real server. Every acked event is answered with `{ ok: true … }` or a contract
 * error, within a bound; the server never crashes or drops the connection; a refused call changes no seat.
 */

const EVENTS = [
  'trip:watch',
  'trip:unwatch',
  'seat:hold',
  'seat:release',
  'hold:extend',
  'seat:holdBest',
  'queue:join',
  'ops:watch',
] as const;
const MUTATING = new Set(['seat:hold', 'seat:release', 'hold:extend', 'seat:holdBest']);
const CODES = new Set<string>(Object.values(ErrorCode));

describe('fuzzing the Socket.IO events', () => {
  let srv: TestServer;
  let trip: string;
  let socket: ClientSocket;
  let heldId = 'x';
  const redis = createRedis(redisUrl(), 'fuzz-socket-test');

  beforeAll(async () => {
    srv = await startServer({ RATE_LIMIT_PER_SEC: '0', WATCH_LIMIT_PER_SEC: '100000' });
    // A trip of its own: a shared seeded trip can carry holds of an earlier run that fall due (and are
    // expired, changing seats) while this run checks that a refusal changes nothing.
    trip = await createTrip();
    const { token } = await guest(srv.url);
    const h = await api(srv.url, 'POST', `/api/trips/${trip}/holds`, {
      token,
      body: { seatIds: ['KHA-2'], from: 'DHK', to: 'CTG' },
    });
    heldId = h.body.holdId ?? heldId;
    socket = await socketOf(srv.url, token);
  });
  afterAll(async () => {
    socket?.disconnect();
    await srv.close();
    redis.disconnect();
    await closeTestDb();
  });

  const seats = async () => {
    const dumps = await Promise.all(
      tripKeys(trip)
        .slice(1, 5)
        .map((k) => redis.dumpBuffer(k)),
    );
    return dumps.map((d) => d?.toString('base64') ?? '').join('|');
  };

  const ask = (event: string, args: unknown[]) =>
    new Promise<{ ok?: unknown; error?: { code?: string } }>((resolve, reject) => {
      // biome-ignore lint/suspicious/noExplicitAny: random events are outside the typed contract on purpose
      (socket.timeout(10_000).emit as any)(event, ...args, (err: Error | null, res: any) =>
        err ? reject(new Error(`no answer to ${event}: ${err.message}`)) : resolve(res),
      );
    });

  it('answers 10,000 random events with success or a contract error and changes no seat when refusing', async () => {
    const id = fc.oneof(
      fc.constant(() => trip),
      fc.constant(() => heldId),
      fc.constant(() => '\u0000'),
      fc.constant(() => 'x'.repeat(5000)),
      fc.string({ maxLength: 30 }).map((s) => () => s),
    );
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constant(undefined),
      fc.constant(null),
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      fc.double(),
    );
    const payload = fc.oneof(
      anyValue.map((v) => () => v),
      fc
        .record(
          {
            tripId: fc.oneof(
              id,
              anyValue.map((v) => () => v),
            ),
            holdId: fc.oneof(
              id,
              anyValue.map((v) => () => v),
            ),
            seatIds: fc.oneof(
              fc.array(fc.constantFrom('KA-1', 'KA-2', 'KHA-2', 'ZZ-9', '', 'KA-1'), { maxLength: 12 }),
              anyValue,
            ),
            from: fc.oneof(fc.constantFrom('DHK', 'BBT', 'CTG', 'XXX'), anyValue),
            to: fc.oneof(fc.constantFrom('DHK', 'BBT', 'CTG', 'XXX'), anyValue),
            count: fc.oneof(fc.integer({ min: -5, max: 50 }), anyValue),
            class: fc.oneof(fc.string({ maxLength: 10 }), anyValue),
          },
          { requiredKeys: [] },
        )
        .map((r) => () => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(r))
            out[k] = typeof v === 'function' ? (v as () => unknown)() : v;
          return out;
        }),
    );

    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...EVENTS), fc.string({ maxLength: 20 })),
        payload,
        fc.integer({ min: 0, max: 2 }),
        async (event, p, extraArgs) => {
          const args = [p(), ...Array.from({ length: extraArgs }, () => 'extra')];
          const known = (EVENTS as readonly string[]).includes(event);
          if (!known) {
            // Unknown events have no handler: nothing answers, and nothing must break.
            // biome-ignore lint/suspicious/noExplicitAny: see above
            (socket.emit as any)(event, ...args);
            return;
          }
          const before = MUTATING.has(event) ? await seats() : '';
          const res = await ask(event, args);
          if (res.ok === true) return;
          expect(res.ok, JSON.stringify(res).slice(0, 200)).toBe(false);
          expect(CODES.has(res.error?.code ?? ''), JSON.stringify(res).slice(0, 200)).toBe(true);
          expect(res.error?.code).not.toBe('INTERNAL');
          if (MUTATING.has(event)) {
            refused++;
            expect(await seats(), `${event} was refused but changed a seat`).toBe(before);
          }
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 10_000),
        seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
      },
    );
    expect(socket.connected).toBe(true);
    expect(refused).toBeGreaterThan(Number(process.env.FUZZ_RUNS ?? 10_000) / 10);
    expect((await api(srv.url, 'GET', '/healthz')).status).toBe(200);
  }, 600_000);
});
