import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords';
import { TokenSigner } from '../src/auth/tokens';
import { type TestServer, api, closeTestDb, databaseUrl, redisUrl, startServer, testDb } from './harness';
import { freePort, waitUntil } from './services';

/*
 * Secrets and operator tokens, against the real server process (`npx turbo run build --filter=@fastpass/server`
 * first; `npm test` builds before it tests).
 */
const entry = path.resolve(__dirname, '../dist/index.js');

/** The server process with exactly this environment (nothing inherited that could carry a secret). */
function serverProcess(env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  return Object.assign(child, { output: () => out });
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the server refuses to start in production without a real secret', () => {
  beforeAll(() => {
    if (!existsSync(entry)) throw new Error(`${entry} missing: build the server first`);
  });
  const base = () => ({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl(),
    REDIS_URL: redisUrl(),
    PORT: '0',
  });

  it.each([
    ['no AUTH_SECRET', {}, /AUTH_SECRET is required when NODE_ENV=production/],
    ['a short AUTH_SECRET', { AUTH_SECRET: 'too-short' }, /AUTH_SECRET: must be at least 32 bytes/],
    [
      'the sandbox SMS provider',
      { AUTH_SECRET: randomBytes(32).toString('hex'), SMS_PROVIDER: 'sandbox' },
      /SMS_PROVIDER=sandbox is refused/,
    ],
  ])('%s: one clear line, no stack trace, non-zero exit', async (_what, env, message) => {
    const child = serverProcess({ ...base(), ...env });
    const code = await exitOf(child);
    expect(code).not.toBe(0);
    const lines = child.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fastpass server refuses to start: /);
    expect(lines[0]).toMatch(message);
    expect(child.output()).not.toMatch(/\n\s+at /);
  });
});

describe('a development server without AUTH_SECRET', () => {
  let child: (ChildProcess & { output: () => string }) | undefined;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = serverProcess({ DATABASE_URL: databaseUrl(), REDIS_URL: redisUrl(), PORT: String(port) });
    await waitUntil('server /readyz', async () => (await fetch(`${url}/readyz`)).ok, 30_000);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = exitOf(child);
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses a token forged with the old default secret (derived from DATABASE_URL)', async () => {
    const op = await testDb()('users').where({ email: 'ops@fastpass.local' }).first();
    const forged = new TokenSigner(`fastpass-dev:${databaseUrl()}`).sign({
      userId: op.id,
      role: 'operator',
      name: 'Mallory',
    });
    const r = await api(url, 'GET', '/api/ops/trips', { token: forged });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('signs with a random secret kept in the database, and warns', async () => {
    const row = await testDb()('auth_secrets').where({ name: 'tokens' }).first();
    expect(Buffer.byteLength(row.secret)).toBeGreaterThanOrEqual(32);
    expect(row.secret).not.toContain(databaseUrl());
    const login = await api(url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    expect(login.status).toBe(200);
    expect(new TokenSigner(row.secret).verify(login.body.token)?.userId).toBe(login.body.user.id);
    expect((await api(url, 'GET', '/api/ops/trips', { token: login.body.token })).status).toBe(200);
    expect(child?.output()).toMatch(/AUTH_SECRET is not set/);
  });
});

describe('operator tokens are checked against the database', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(async () => {
    await srv.close();
    await closeTestDb();
  });

  async function newOperator(): Promise<{ id: string; token: string }> {
    const email = `op-${randomBytes(4).toString('hex')}@fastpass.local`;
    const [row] = await testDb()('users')
      .insert({
        email,
        name: 'Temp Operator',
        role: 'operator',
        password_hash: await hashPassword('op-password'),
      })
      .returning('id');
    const login = await api(srv.url, 'POST', '/api/auth/login', { body: { email, password: 'op-password' } });
    expect(login.status).toBe(200);
    return { id: row.id, token: login.body.token };
  }

  it("a demoted operator's old token gets 403 at once", async () => {
    const op = await newOperator();
    expect((await api(srv.url, 'GET', '/api/ops/trips', { token: op.token })).status).toBe(200);
    await testDb()('users').where({ id: op.id }).update({ role: 'passenger' });
    const r = await api(srv.url, 'GET', '/api/ops/trips', { token: op.token });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    const sale = await api(srv.url, 'POST', '/api/ops/sales', {
      token: op.token,
      body: { name: 'Not mine' },
    });
    expect(sale.status).toBe(403);
    // Promoted again: the old token stays revoked (the role change moved tokens_valid_after).
    await testDb()('users').where({ id: op.id }).update({ role: 'operator' });
    expect((await api(srv.url, 'GET', '/api/ops/trips', { token: op.token })).status).toBe(401);
  });

  it('staff and kiosk accounts exist as roles but are not operators', async () => {
    for (const role of ['staff', 'kiosk'] as const) {
      const op = await newOperator();
      await testDb()('users').where({ id: op.id }).update({ role });
      const login = await api(srv.url, 'POST', '/api/auth/login', {
        body: {
          email: (await testDb()('users').where({ id: op.id }).first()).email,
          password: 'op-password',
        },
      });
      expect(login.body.user.role).toBe(role);
      const r = await api(srv.url, 'GET', '/api/ops/trips', { token: login.body.token });
      expect(r.status).toBe(403);
    }
  });

  it('tokens issued before tokens_valid_after are refused for operator actions', async () => {
    const op = await newOperator();
    await testDb()('users')
      .where({ id: op.id })
      .update({ tokens_valid_after: testDb().raw("now() + interval '1 second'") });
    const r = await api(srv.url, 'GET', '/api/ops/trips', { token: op.token });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/revoked/);
  });

  it("a passenger's token claiming the operator role is refused", async () => {
    const guest = await api(srv.url, 'POST', '/api/auth/guest');
    const claimed = srv.deps.appDeps.tokens.sign({ userId: guest.body.user.id, role: 'operator', name: 'x' });
    expect((await api(srv.url, 'GET', '/api/ops/trips', { token: claimed })).status).toBe(403);
  });
});
