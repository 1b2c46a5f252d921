import type { Db } from '../../infra/db';

/** Admissions as rows: the copy that answers while Redis is down (database mode). */
export class AdmissionsRepo {
  constructor(private readonly db: Db) {}

  /** Records admissions in one statement; a newer admission of the same user replaces the older one. */
  async record(saleId: string, rows: Array<{ userId: string; expiresAt: number }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.raw(
      `INSERT INTO queue_admissions (sale_id, user_id, expires_at)
       SELECT ?, u, to_timestamp(e / 1000.0) FROM unnest(?::uuid[], ?::float8[]) AS x(u, e)
       ON CONFLICT (sale_id, user_id) DO UPDATE SET expires_at = EXCLUDED.expires_at, admitted_at = now()`,
      // Array literals as text: knex would spread a JS array binding into a list of parameters.
      [saleId, `{${rows.map((r) => r.userId).join(',')}}`, `{${rows.map((r) => r.expiresAt).join(',')}}`],
    );
  }

  /** The admission deadline (ms) of a user on a sale, or null. */
  async expiresAt(saleId: string, userId: string): Promise<number | null> {
    const row = await this.db('queue_admissions')
      .where({ sale_id: saleId, user_id: userId })
      .first<{ expires_at: Date } | undefined>('expires_at');
    return row ? row.expires_at.getTime() : null;
  }
}
