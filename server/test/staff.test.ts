import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster';
import { type TestServer, api, guest, testDb } from './harness';
import { waitUntil } from './services';

/*
 * Staff and kiosks (docs/operations.md): operators invite staff and register station kiosks; invitees
 * set a password with a one-time token; a kiosk signs in with its device token until it is revoked.
 */
describe('staff and kiosks', () => {
  let cluster: Cluster;
  let a: TestServer;
  let operator: string;
  const email = `staff-${randomBytes(4).toString('hex')}@fastpass.local`;

  beforeAll(async () => {
    cluster = await startCluster({ servers: 1 });
    [a] = cluster.servers as [TestServer];
    const login = await api(a.url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    operator = login.body.token;
  });
  afterAll(() => cluster?.stop());

  it('is for operators only', async () => {
    expect((await api(a.url, 'GET', '/api/ops/staff')).status).toBe(401);
    const p = await guest(a.url);
    expect((await api(a.url, 'GET', '/api/ops/staff', { token: p.token })).status).toBe(403);
    const kiosk = await api(a.url, 'POST', '/api/ops/kiosks', {
      token: p.token,
      body: { name: 'K', station: 'DHK' },
    });
    expect(kiosk.status).toBe(403);
    const bad = await api(a.url, 'POST', '/api/ops/staff', {
      token: operator,
      body: { email: 'x', name: 'X', role: 'staff' },
    });
    expect(bad.status).toBe(400);
  });

  it('invites a staff member who sets a password once; a role change revokes old tokens', async () => {
    const invite = await api(a.url, 'POST', '/api/ops/staff', {
      token: operator,
      body: { email, name: 'Gate Checker', role: 'staff' },
    });
    expect(invite.status).toBe(201);
    expect(invite.body.user).toMatchObject({ email, role: 'staff', invitePending: true });
    expect(
      (
        await api(a.url, 'POST', '/api/ops/staff', {
          token: operator,
          body: { email, name: 'Again', role: 'staff' },
        })
      ).status,
    ).toBe(409);

    const wrong = await api(a.url, 'POST', '/api/staff/accept', {
      body: { token: 'x'.repeat(32), password: 'a-long-password' },
    });
    expect(wrong.status).toBe(401);
    const accepted = await api(a.url, 'POST', '/api/staff/accept', {
      body: { token: invite.body.inviteToken, password: 'a-long-password' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user.role).toBe('staff');
    const reused = await api(a.url, 'POST', '/api/staff/accept', {
      body: { token: invite.body.inviteToken, password: 'another-password' },
    });
    expect(reused.status).toBe(401);
    const staffToken = accepted.body.token as string;
    expect((await api(a.url, 'GET', '/api/ops/stations', { token: staffToken })).status).toBe(403);

    // Promoted to operator: the old token is refused for operator actions; a new sign-in works.
    const id = accepted.body.user.id as string;
    expect(
      (await api(a.url, 'PATCH', `/api/ops/staff/${id}`, { token: operator, body: { role: 'operator' } }))
        .status,
    ).toBe(204);
    expect((await api(a.url, 'GET', '/api/ops/stations', { token: staffToken })).status).toBe(401);
    // Tokens carry whole seconds and the revocation is to the millisecond: a token from the next second works.
    await waitUntil(
      'a fresh sign-in accepted for operator actions',
      async () => {
        const again = await api(a.url, 'POST', '/api/auth/login', {
          body: { email, password: 'a-long-password' },
        });
        return (await api(a.url, 'GET', '/api/ops/stations', { token: again.body.token })).status === 200;
      },
      5000,
      200,
    );
    const list = await api(a.url, 'GET', '/api/ops/staff', { token: operator });
    expect(list.body).toContainEqual(expect.objectContaining({ id, role: 'operator' }));
  });

  it('registers a kiosk bound to a station; its device token signs it in until revoked', async () => {
    expect(
      (
        await api(a.url, 'POST', '/api/ops/kiosks', {
          token: operator,
          body: { name: 'Kiosk X', station: 'NOWHERE' },
        })
      ).status,
    ).toBe(404);
    const made = await api(a.url, 'POST', '/api/ops/kiosks', {
      token: operator,
      body: { name: 'Kamalapur hall kiosk 1', station: 'DHK' },
    });
    expect(made.status).toBe(201);
    expect(made.body.kiosk).toMatchObject({ role: 'kiosk', kiosk: { station: 'DHK', revoked: false } });
    const login = await api(a.url, 'POST', '/api/auth/kiosk', {
      body: { deviceToken: made.body.deviceToken },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ station: 'DHK', user: { role: 'kiosk' } });
    const me = await api(a.url, 'GET', '/api/auth/me', { token: login.body.token });
    expect(me.body.user.role).toBe('kiosk');
    const stored = await testDb()('kiosk_devices').where({ id: made.body.kiosk.kiosk.id }).first();
    expect(stored.token_hash).not.toContain(made.body.deviceToken);

    expect(
      (await api(a.url, 'DELETE', `/api/ops/kiosks/${made.body.kiosk.kiosk.id}`, { token: operator })).status,
    ).toBe(204);
    expect(
      (await api(a.url, 'POST', '/api/auth/kiosk', { body: { deviceToken: made.body.deviceToken } })).status,
    ).toBe(401);
    const actions = await testDb()('audit_log')
      .whereIn('action', ['kiosk.register', 'kiosk.revoke', 'staff.invite', 'staff.role'])
      .pluck('action');
    expect(new Set(actions)).toEqual(
      new Set(['kiosk.register', 'kiosk.revoke', 'staff.invite', 'staff.role']),
    );
  });
});
