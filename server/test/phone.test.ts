import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, api, closeTestDb, createTrip, guest, startServer, testDb } from './harness';

/** A random Bangladeshi mobile number, local format, fresh per test so per-phone windows never collide. */
const phone = () => `017${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
const e164 = (local: string) => `+880${local.slice(1)}`;

describe('phone verification (sandbox SMS)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ OTP_MAX_ATTEMPTS: '3', OTP_LIMIT_PER_PHONE_PER_HOUR: '3' });
  });
  afterAll(async () => {
    await srv.close();
    await closeTestDb();
  });

  const start = (token: string, p: string) =>
    api(srv.url, 'POST', '/api/auth/phone/start', { token, body: { phone: p } });
  const verify = (token: string, p: string, code: string) =>
    api(srv.url, 'POST', '/api/auth/phone/verify', { token, body: { phone: p, code } });
  /** The newest code the sandbox "sent" to this phone, read as a developer would. */
  const codeFor = async (p: string) => {
    const r = await api(srv.url, 'GET', `/api/dev/sms?phone=${encodeURIComponent(p)}`);
    expect(r.status).toBe(200);
    const m = /\b(\d{6})\b/.exec(r.body.messages[0]?.body ?? '');
    if (!m?.[1]) throw new Error(`no code in the outbox for ${p}`);
    return m[1];
  };
  const identityOf = (token: string) => srv.deps.appDeps.tokens.verify(token)?.identity;

  it('happy path: code sent, verified, identity in a fresh token, verified in /auth/me', async () => {
    const { token, userId } = await guest(srv.url);
    const p = phone();
    const started = await start(token, `+880 ${p.slice(1, 5)}-${p.slice(5)}`);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ phone: `+8801•••••${p.slice(-4)}`, sandbox: true });
    expect(Date.parse(started.body.expiresAt) - Date.now()).toBeGreaterThan(290_000);
    const code = await codeFor(p);
    // Stored as an HMAC, never the code itself.
    const row = await testDb()('phone_codes')
      .where({ phone: e164(p), user_id: userId })
      .first();
    expect(row.code_hash).not.toContain(code);

    const verified = await verify(token, p, code);
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({
      id: userId,
      verified: true,
      phone: `+8801•••••${p.slice(-4)}`,
    });
    expect(identityOf(verified.body.token)).toMatch(/^ph:[0-9a-f]{64}$/);
    expect(identityOf(token)).toBeUndefined();

    const me = await api(srv.url, 'GET', '/api/auth/me', { token: verified.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ verified: true });
    // The code is spent.
    expect((await verify(token, p, code)).status).toBe(400);
  });

  it('three accounts that verify one phone share one identity; another phone is another identity', async () => {
    const p = phone();
    const identities: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const { token } = await guest(srv.url);
      expect((await start(token, p)).status).toBe(202);
      const r = await verify(token, p, await codeFor(p));
      expect(r.status).toBe(200);
      identities.push(identityOf(r.body.token));
    }
    expect(new Set(identities).size).toBe(1);
    expect(identities[0]).toMatch(/^ph:/);
    // …and the accounts' rows agree, so a later sign-in carries it too.
    const rows = await testDb()('users').where({ identity: identities[0] });
    expect(rows).toHaveLength(3);

    const { token } = await guest(srv.url);
    const q = phone();
    await start(token, q);
    const other = await verify(token, q, await codeFor(q));
    expect(identityOf(other.body.token)).not.toBe(identities[0]);
  });

  it('with the booking rules: a verified-only sale admits verified accounts, and they share one allowance', async () => {
    const trip = await createTrip();
    const ops = await api(srv.url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    const sale = await api(srv.url, 'POST', '/api/ops/sales', {
      token: ops.body.token,
      body: { name: 'Verified only', tripIds: [trip], verifiedOnly: true },
    });
    expect(sale.status).toBe(201);
    const hold = (token: string, seatIds: string[]) =>
      api(srv.url, 'POST', `/api/trips/${trip}/holds`, { token, body: { seatIds, from: 'DHK', to: 'CTG' } });

    const p = phone();
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { token } = await guest(srv.url);
      if (i === 0) expect((await hold(token, ['KA-1'])).body.error.code).toBe('VERIFICATION_REQUIRED');
      await start(token, p);
      tokens.push((await verify(token, p, await codeFor(p))).body.token);
    }
    expect((await hold(tokens[0]!, ['KA-1', 'KA-2'])).status).toBe(201);
    expect((await hold(tokens[1]!, ['KA-3', 'KA-4'])).status).toBe(201);
    // MAX_SEATS_PER_USER (4) counts per phone, whichever account asks.
    const fifth = await hold(tokens[2]!, ['KA-5']);
    expect(fifth.status).toBe(422);
    expect(fifth.body.error.code).toBe('LIMIT_EXCEEDED');
  });

  it('a wrong code says so and leaves the right one usable', async () => {
    const { token } = await guest(srv.url);
    const p = phone();
    await start(token, p);
    const code = await codeFor(p);
    const wrong = await verify(token, p, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'VALIDATION' });
    expect(wrong.body.error.message).toMatch(/wrong code; 2 attempts left/);
    expect((await verify(token, p, code)).status).toBe(200);
  });

  it('a code belongs to the account that asked for it', async () => {
    const a = await guest(srv.url);
    const b = await guest(srv.url);
    const p = phone();
    await start(a.token, p);
    const r = await verify(b.token, p, await codeFor(p));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/no code is pending/);
  });

  it('an expired code is refused', async () => {
    const { token, userId } = await guest(srv.url);
    const p = phone();
    await start(token, p);
    const code = await codeFor(p);
    await testDb()('phone_codes')
      .where({ phone: e164(p), user_id: userId })
      .update({ expires_at: testDb().raw("now() - interval '1 second'") });
    const r = await verify(token, p, code);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/expired/);
  });

  it('too many wrong attempts burn the code (429), even for the right one afterwards', async () => {
    const { token } = await guest(srv.url);
    const p = phone();
    await start(token, p);
    const code = await codeFor(p);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await verify(token, p, wrong)).status).toBe(400);
    expect((await verify(token, p, wrong)).status).toBe(400);
    const third = await fetch(`${srv.url}/api/auth/phone/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: p, code: wrong }),
    });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(await third.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    const late = await verify(token, p, code);
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/no code is pending/);
  });

  it('limits codes per phone (429 + Retry-After), validates input, needs a token', async () => {
    const { token } = await guest(srv.url);
    const p = phone();
    for (let i = 0; i < 3; i++) expect((await start(token, p)).status).toBe(202);
    const limited = await fetch(`${srv.url}/api/auth/phone/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: p }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);

    expect((await start(token, '01212345678')).body.error).toMatchObject({ code: 'VALIDATION' });
    expect((await verify(token, phone(), '12345')).body.error).toMatchObject({ code: 'VALIDATION' });
    expect((await api(srv.url, 'POST', '/api/auth/phone/start', { body: { phone: phone() } })).status).toBe(
      401,
    );
  });
});

describe('phone verification without an SMS provider', () => {
  it('answers UNAVAILABLE and has no dev outbox', async () => {
    const srv = await startServer({ SMS_PROVIDER: 'off' });
    try {
      const { token } = await guest(srv.url);
      const r = await api(srv.url, 'POST', '/api/auth/phone/start', { token, body: { phone: phone() } });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('UNAVAILABLE');
      expect((await api(srv.url, 'GET', '/api/dev/sms')).status).toBe(404);
    } finally {
      await srv.close();
    }
  });
});
