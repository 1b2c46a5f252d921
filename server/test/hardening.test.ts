import { afterAll, describe, expect, it } from 'vitest';
import { type TestServer, closeTestDb, startServer } from './harness';

const get = (srv: TestServer, path: string, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}${path}`, { headers });

describe('web hardening', () => {
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const s = await startServer(env);
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await closeTestDb();
  });

  it('sends security headers on every API answer', async () => {
    const srv = await start();
    for (const path of ['/api/stations', '/api/nowhere', '/healthz']) {
      const r = await get(srv, path);
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('answers odd input seen answering 500 with VALIDATION', async () => {
    const srv = await start();
    const bad = await get(srv, '/api/trips/%E0%A4%A/seats');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    const charset = await fetch(`${srv.url}/api/auth/guest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=klingon' },
      body: '{}',
    });
    expect(charset.status).toBe(400);
    expect(((await charset.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });

  it('limits CORS to the configured origins', async () => {
    const srv = await start({ CORS_ORIGIN: 'https://app.example, https://kiosk.example' });
    const ok = await get(srv, '/api/stations', { origin: 'https://kiosk.example' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://kiosk.example');
    const evil = await get(srv, '/api/stations', { origin: 'https://evil.example' });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('in production: no cross-origin callers unless configured, metrics behind a token', async () => {
    const prod = { NODE_ENV: 'production', SMS_PROVIDER: 'off' };
    const closed = await start(prod);
    const r = await get(closed, '/api/stations', { origin: 'https://evil.example' });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect((await get(closed, '/metrics')).status).toBe(403);

    const token = 'metrics-token-0123456789';
    const guarded = await start({ ...prod, METRICS_TOKEN: token });
    expect((await get(guarded, '/metrics')).status).toBe(401);
    const m = await get(guarded, '/metrics', { authorization: `Bearer ${token}` });
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('fastpass_hold_requests_total');
  });

  it('keeps /metrics open outside production (contract)', async () => {
    const srv = await start();
    expect((await get(srv, '/metrics')).status).toBe(200);
  });
});
