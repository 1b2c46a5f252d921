/** Direct reads of the test database (DATABASE_URL from scripts/test.mjs), to check what the server stored. */
import { Client } from 'pg';

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
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const id = `e2e-${Math.random().toString(36).slice(2, 10)}`;
    const day = new Date(Date.UTC(2300, 0, 1) + Math.floor(Math.random() * 300_000) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    await client.query(
      `WITH t AS (
         INSERT INTO trips (id, train_id, date, departs_at)
         SELECT $1, id, $2::date, $3::timestamptz FROM trains WHERE number = '703' RETURNING id, train_id
       )
       INSERT INTO trip_stops (trip_id, idx, station_code, arrives_at, departs_at, km)
       SELECT t.id, s.idx, s.station_code,
              $3::timestamptz + make_interval(mins => s.arrive_min),
              $3::timestamptz + make_interval(mins => s.depart_min), s.km
       FROM t JOIN train_stops s ON s.train_id = t.train_id`,
      [id, date, departsAt.toISOString()],
    );
    return { id, date };
  } finally {
    await client.end();
  }
}
