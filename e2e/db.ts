/** Direct reads of the test database (DATABASE_URL from scripts/test.mjs), to check what the server stored. */
import knex from 'knex';
import { Client } from 'pg';
import { insertTrip } from '../db/trips';

export interface HoldRow {
  status: 'active' | 'expired' | 'released' | 'purchased';
  /** expires_at - created_at, in seconds. */
  ttlSeconds: number;
  expiresAtMs: number;
  endedAt: Date | null;
  /** Whether any of its seats still blocks others (the exclusion-constraint rows). */
  seatsActive: boolean;
}

/** The `holds` row of one hold (mirrored from Redis within about 100 ms), or null while there is none. */
export async function holdRow(holdId: string): Promise<HoldRow | null> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (scripts/test.mjs sets it; run `npm test`)');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      status: HoldRow['status'];
      ttl: string;
      expires_ms: string;
      ended_at: Date | null;
      seats_active: boolean | null;
    }>(
      `SELECT h.status, extract(epoch FROM h.expires_at - h.created_at) AS ttl,
              extract(epoch FROM h.expires_at) * 1000 AS expires_ms, h.ended_at,
              (SELECT bool_or(s.active) FROM hold_seats s WHERE s.hold_id = h.id) AS seats_active
         FROM holds h WHERE h.id = $1`,
      [holdId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      status: row.status,
      ttlSeconds: Number(row.ttl),
      expiresAtMs: Number(row.expires_ms),
      endedAt: row.ended_at,
      seatsActive: row.seats_active === true,
    };
  } finally {
    await client.end();
  }
}

/**
 * A fresh trip of train 703 on a unique far-future date whose origin departure is `departsAt` (so a
 * test can make it departed, near its cut-off, or far ahead). Returns its id and date.
 */
export async function createTrip(departsAt: Date): Promise<{ id: string; date: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (scripts/test.mjs sets it; run `npm test`)');
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    const id = `e2e-${Math.random().toString(36).slice(2, 10)}`;
    const { date } = await insertTrip(db, { trainNumber: '703', id, departsAt });
    return { id, date };
  } finally {
    await db.destroy();
  }
}

/**
 * A registered account given `role` (staff, kiosk) and signed in again, as the app stores a session:
 * returns what `fastpass.token` / `fastpass.user` hold in localStorage.
 */
export async function accountWithRole(
  apiUrl: string,
  role: 'staff' | 'kiosk',
): Promise<{ token: string; user: unknown }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (scripts/test.mjs sets it; run `npm test`)');
  const email = `${role}-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const password = `${role}-password-1`;
  const reg = await fetch(`${apiUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: `E2E ${role}` }),
  });
  const { user } = (await reg.json()) as { user: { id: string } };
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    await db('users').where({ id: user.id }).update({ role });
    // The role change revokes earlier tokens up to now: the login below must come after it.
    await db('users')
      .where({ id: user.id })
      .update({ tokens_valid_after: db.raw(`now() - interval '2 seconds'`) });
  } finally {
    await db.destroy();
  }
  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return (await login.json()) as { token: string; user: unknown };
}
