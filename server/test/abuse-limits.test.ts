import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, api, ask, closeTestDb, createTrip, guest, socketOf, startServer } from './harness';

/** An address of the documentation range, fresh per run so windows of an earlier run do not interfere. */
const address = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

async function inBatches<T>(n: number, size: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => run(i + j)))));
  }
  return out;
}

describe('front-door limits per client address', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ TRUST_PROXY: 'loopback', GUEST_LIMIT_PER_MINUTE: '20' });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('throttles 200 guest accounts from one address (429 + Retry-After) while another address gets 201', async () => {
    const flood = address();
    const results = await inBatches(200, 20, async () => {
      const res = await fetch(`${srv.url}/api/auth/guest`, {
        method: 'POST',
        headers: { 'x-forwarded-for': flood },
      });
      const body = (await res.json()) as { error?: { code: string } };
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
    });
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(180);
    for (const r of refused) {
      expect(r.body.error?.code).toBe('RATE_LIMITED');
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
    }
    const other = await api(srv.url, 'POST', '/api/auth/guest', {
      headers: { 'x-forwarded-for': address() },
    });
    expect(other.status).toBe(201);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY (nobody picks their own key)', async () => {
    const direct = await startServer({ GUEST_LIMIT_PER_MINUTE: '3' });
    try {
      // The first request may find 127.0.0.1's window partly used by an earlier run: count from here.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await api(direct.url, 'POST', '/api/auth/guest', {
          headers: { 'x-forwarded-for': address() },
        });
        statuses.push(r.status);
      }
      expect(statuses).toContain(429);
    } finally {
      await direct.close();
    }
  });
});

describe('limits while Redis is down', () => {
  it('each instance keeps limiting from memory', async () => {
    // Nothing listens on port 1: the limiter never gets a ready Redis and answers from its in-memory twin.
    const srv = await startServer({
      REDIS_URL: 'redis://127.0.0.1:1',
      TRUST_PROXY: 'loopback',
      GUEST_LIMIT_PER_MINUTE: '3',
    });
    try {
      const from = address();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await api(srv.url, 'POST', '/api/auth/guest', { headers: { 'x-forwarded-for': from } })).status,
        );
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
    } finally {
      await srv.close();
    }
  });
});

describe('login failures slow down per account', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ LOGIN_FAILURES_BEFORE_BLOCK: '3', LOGIN_BLOCK_SECONDS: '1' });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('blocks after consecutive failures, longer each time, and forgets them on success', async () => {
    const email = `slow-${randomBytes(4).toString('hex')}@example.com`;
    const password = 'correct horse battery';
    expect(
      (await api(srv.url, 'POST', '/api/auth/register', { body: { email, password, name: 'S' } })).status,
    ).toBe(201);
    const login = (pw: string) => api(srv.url, 'POST', '/api/auth/login', { body: { email, password: pw } });
    for (let i = 0; i < 3; i++) expect((await login('wrong password')).status).toBe(401);
    const blocked = await fetch(`${srv.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect(await blocked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });

    await new Promise((r) => setTimeout(r, 1100));
    expect((await login('wrong again')).status).toBe(401);
    const longer = await fetch(`${srv.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');

    await new Promise((r) => setTimeout(r, 2100));
    expect((await login(password)).status).toBe(200);
    // Forgotten: three more failures before the next block.
    for (let i = 0; i < 3; i++) expect((await login('nope')).status).toBe(401);
    expect((await login(password)).status).toBe(429);
  });
});

describe('per-user request limit across instances', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startServer({ RATE_LIMIT_PER_SEC: '5' });
    b = await startServer({ RATE_LIMIT_PER_SEC: '5' });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('one user gets one budget (10 per 2 s), whichever instance they reach', async () => {
    const { token } = await guest(a.url);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api(i % 2 ? a.url : b.url, 'DELETE', `/api/holds/h-missing-${i}`, { token }),
      ),
    );
    // Each answered request took a point: 10 pass the limit (and find no hold), 30 are refused.
    expect(results.filter((r) => r.status === 404)).toHaveLength(10);
    expect(results.filter((r) => r.status === 429)).toHaveLength(30);
    // Another user is untouched.
    const other = await guest(b.url);
    expect((await api(a.url, 'DELETE', '/api/holds/h-missing', { token: other.token })).status).toBe(404);
  });
});

describe('socket caps and trip:watch', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ MAX_SOCKETS_PER_USER: '2', WATCH_LIMIT_PER_SEC: '1' });
  });
  afterAll(async () => {
    await srv.close();
    await closeTestDb();
  });

  it('refuses a third socket of one user, and frees the slot when one closes', async () => {
    const { token } = await guest(srv.url);
    const s1 = await socketOf(srv.url, token);
    const s2 = await socketOf(srv.url, token);
    const refused = await socketOf(srv.url, token).catch((err: Error & { data?: { code: string } }) => err);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error & { data: { code: string } }).data.code).toBe('RATE_LIMITED');
    s1.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    const s3 = await socketOf(srv.url, token);
    s2.disconnect();
    s3.disconnect();
  });

  it('rate-limits trip:watch per user', async () => {
    const tripId = await createTrip();
    const { token } = await guest(srv.url);
    const s = await socketOf(srv.url, token);
    try {
      const acks = [];
      for (let i = 0; i < 3; i++) acks.push(await ask(s, 'trip:watch', { tripId }));
      expect(acks.slice(0, 2).every((a) => a.ok)).toBe(true);
      expect(acks[2]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    } finally {
      s.disconnect();
    }
  });
});
