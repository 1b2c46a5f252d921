import { request as httpRequest } from 'node:http';
import { ErrorCode } from '@fastpass/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tripKeys } from '../src/booking/redis/hold-codec';
import { createRedis } from '../src/infra/redis';
import { type TestServer, api, bookableTrips, closeTestDb, guest, redisUrl, startServer } from './harness';

/*
 * Hostile and odd HTTP input (issue: nothing lost, nothing stuck). Random methods, paths (malformed
 * percent-encoding, unicode, very long ids), queries, headers (content types, charsets, encodings,
 * tokens) and bodies against a real server. Every answer is a success or a contract error — never a
 * 500, never a hang — and a refused call never changes a seat.
 */

const ROUTES = [
  ['GET', '/api/trips'],
  ['GET', '/api/trips/:trip'],
  ['GET', '/api/trips/:trip/seats'],
  ['POST', '/api/trips/:trip/holds'],
  ['DELETE', '/api/holds/:id'],
  ['POST', '/api/holds/:id/extend'],
  ['POST', '/api/orders'],
  ['GET', '/api/orders'],
  ['POST', '/api/orders/:id/cancel'],
  ['GET', '/api/stations'],
  ['GET', '/api/sales'],
  ['GET', '/api/sales/:id'],
  ['GET', '/api/sales/:id/lottery'],
  ['POST', '/api/queue/:trip'],
  ['POST', '/api/auth/guest'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/register'],
  ['GET', '/api/auth/me'],
  ['POST', '/api/auth/phone/start'],
  ['POST', '/api/auth/phone/verify'],
  ['GET', '/api/ops/trips'],
  ['POST', '/api/ops/sales'],
  ['PATCH', '/api/ops/sales/:id'],
  ['GET', '/api/ops/stations'],
  ['POST', '/api/ops/stations'],
  ['PATCH', '/api/ops/stations/:id'],
  ['DELETE', '/api/ops/stations/:id'],
  ['POST', '/api/ops/trains'],
  ['PATCH', '/api/ops/trains/:id'],
  ['PUT', '/api/ops/trains/:id/consist'],
  ['GET', '/api/ops/trains/:id/trips'],
  ['PUT', '/api/ops/coach-types/:id'],
  ['PUT', '/api/ops/fares/:id'],
  ['PATCH', '/api/ops/schedules/:id'],
  ['POST', '/api/ops/trips/:trip/cancel'],
  ['GET', '/api/ops/audit'],
  ['POST', '/api/ops/staff'],
  ['PATCH', '/api/ops/staff/:id'],
  ['DELETE', '/api/ops/kiosks/:id'],
  ['POST', '/api/staff/accept'],
  ['POST', '/api/auth/kiosk'],
  ['GET', '/api/orders/:id'],
  ['GET', '/api/orders/:id/ticket.pdf'],
  ['POST', '/api/orders/:id/pay-cash'],
  ['GET', '/api/payments/sandbox/:id'],
  ['POST', '/api/payments/sandbox/:id/complete'],
  ['POST', '/api/payments/webhook/:id'],
  ['GET', '/api/tickets/jwks'],
  ['GET', '/api/tickets/lookup'],
  ['POST', '/api/gate/scan'],
  ['GET', '/api/nowhere/:id'],
] as const;
const MUTATING = new Set(['POST', 'DELETE', 'PATCH', 'PUT']);
const CODES = new Set<string>(Object.values(ErrorCode));

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

function send(base: string, c: Case): Promise<{ status: number; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: c.method,
        path: c.path,
        headers: c.headers,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${c.method} ${c.path}`)));
    req.on('error', reject);
    if (c.body) req.write(c.body);
    req.end();
  });
}

describe('fuzzing the HTTP API', () => {
  let srv: TestServer;
  let trip: string;
  let token: string;
  let heldId: string;
  const redis = createRedis(redisUrl(), 'fuzz-http-test');

  beforeAll(async () => {
    srv = await startServer({ RATE_LIMIT_PER_SEC: '0', PAYMENTS: 'sandbox' });
    trip = (await bookableTrips(srv.url))[0]!.id;
    token = (await guest(srv.url)).token;
    const h = await api(srv.url, 'POST', `/api/trips/${trip}/holds`, {
      token,
      body: { seatIds: ['KHA-1'], from: 'DHK', to: 'CTG' },
    });
    heldId = h.body.holdId ?? h.body.hold?.holdId;
  });
  afterAll(async () => {
    await srv.close();
    redis.disconnect();
    await closeTestDb();
  });

  /** The trip's seats as Redis keeps them (occupancy and live holds): what a refused call must not touch. */
  const seats = async () => {
    const keys = tripKeys(trip).slice(1, 5); // occupancy, holds, expiries, allowances
    const dumps = await Promise.all(keys.map((k) => redis.dumpBuffer(k)));
    return dumps.map((d) => d?.toString('base64') ?? '').join('|');
  };

  it('answers 10,000 random requests with a contract answer, never a 500, never changing a seat when refusing', async () => {
    const segment = fc.oneof(
      fc.constant(() => trip),
      fc.constant(() => heldId ?? 'x'),
      fc.constant(() => '%E0%A4%A'), // malformed percent-encoding (seen answering 500)
      fc.constant(() => '%'),
      fc.constant(() => '%00'),
      fc.constant(() => 'x'.repeat(3000)),
      fc.string({ unit: 'binary', maxLength: 40 }).map((s) => () => encodeURIComponent(s)),
      fc.string({ maxLength: 20 }).map((s) => () => s.replace(/[/?#\s]/g, '')),
    );
    const query = fc.oneof(
      fc.constant(''),
      fc.constant('?date=2026-13-45&from=DHK&to=DHK'),
      fc.constant('?from=%ZZ'),
      fc.constant('?date=a&date=b'),
      fc
        .dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 }), { maxKeys: 3 })
        .map((d) => `?${new URLSearchParams(d).toString()}`),
    );
    const contentType = fc.constantFrom(
      undefined,
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=klingon',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json;;;',
    );
    const body = fc.oneof(
      fc.constant(null),
      fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v))),
      fc
        .record(
          {
            seatIds: fc.oneof(fc.array(fc.string({ maxLength: 30 }), { maxLength: 12 }), fc.jsonValue()),
            from: fc.oneof(fc.constantFrom('DHK', 'CTG', 'BBT'), fc.jsonValue()),
            to: fc.oneof(fc.constantFrom('DHK', 'CTG', 'BBT'), fc.jsonValue()),
            holdId: fc.oneof(fc.string(), fc.jsonValue()),
            passengers: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((v) => Buffer.from(JSON.stringify(v))),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      fc.constant(Buffer.from('{"seatIds": ["KA-1"')),
    );
    const auth = fc.constantFrom('none', 'valid', 'garbage', 'bearer-only');
    const extra = fc.constantFrom<Record<string, string>>(
      {},
      { 'content-encoding': 'gzip' },
      { 'content-encoding': 'br' },
      { 'idempotency-key': 'k'.repeat(500) },
      { 'x-forwarded-for': '999.1.1.1, ::zz' },
      { 'accept-charset': 'ebcdic' },
    );

    let refusedMutations = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.array(segment, { minLength: 1, maxLength: 1 }),
        query,
        contentType,
        body,
        auth,
        extra,
        async ([method, template], [seg], q, ct, b, a, more) => {
          const path = template.replace(/:(trip|id)/g, () => seg!()) + q;
          const headers: Record<string, string> = { ...more };
          if (ct) headers['content-type'] = ct;
          if (a === 'valid') headers.authorization = `Bearer ${token}`;
          if (a === 'garbage') headers.authorization = 'Bearer eyJ.bad.token';
          if (a === 'bearer-only') headers.authorization = 'Bearer';
          if (b) headers['content-length'] = String(b.length);
          const mutating = MUTATING.has(method);
          const before = mutating ? await seats() : '';
          const res = await send(srv.url, { method, path, headers, body: b });
          expect(res.status, `${method} ${path} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = JSON.parse(res.text) as { error?: { code?: string } };
            expect(CODES.has(parsed.error?.code ?? ''), res.text.slice(0, 200)).toBe(true);
            if (mutating) {
              refusedMutations++;
              expect(await seats(), `${method} ${path} was refused but changed a seat`).toBe(before);
            }
          }
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 10_000),
        seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
      },
    );
    expect(refusedMutations).toBeGreaterThan(Number(process.env.FUZZ_RUNS ?? 10_000) / 10);
    expect((await api(srv.url, 'GET', '/healthz')).status).toBe(200);
  }, 600_000);
});
