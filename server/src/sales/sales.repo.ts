import type { Db } from '../infra/db';
import type { SaleRecord } from './sale';
import { REGULAR_SALE_ID } from './sale';

interface SaleRow {
  id: string;
  name: string;
  opens_at: Date | null;
  closes_at: Date | null;
  status: SaleRecord['status'];
  queue: boolean;
  verified_only: boolean;
  admit_per_minute: number;
  admission_minutes: number;
  updated_at: Date;
}

const toRecord = (r: SaleRow): SaleRecord => ({
  id: r.id,
  name: r.name,
  opensAt: r.opens_at?.getTime() ?? null,
  closesAt: r.closes_at?.getTime() ?? null,
  status: r.status,
  queue: r.queue,
  verifiedOnly: r.verified_only,
  admitPerMinute: r.admit_per_minute,
  admissionMinutes: r.admission_minutes,
  updatedAt: r.updated_at.getTime(),
});

export interface SaleInput {
  id: string;
  name: string;
  opensAt: number | null;
  closesAt: number | null;
  queue: boolean;
  verifiedOnly: boolean;
  admitPerMinute?: number;
  admissionMinutes?: number;
  tripIds: string[];
}

export type SalePatch = Partial<Omit<SaleInput, 'id' | 'tripIds'>> & { status?: SaleRecord['status'] };

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? ms : new Date(ms));

/** The `sales` table and trip membership (`trips.sale_id`). */
export class SalesRepo {
  constructor(private readonly db: Db) {}

  /** A cheap fingerprint of the table: changes whenever a sale or its trips change. */
  async fingerprint(): Promise<string> {
    const { rows } = await this.db.raw<{ rows: Array<{ f: string }> }>(
      `SELECT count(*)::text || ':' || coalesce(max(updated_at)::text, '') AS f FROM sales`,
    );
    return rows[0]!.f;
  }

  async load(): Promise<{ sales: SaleRecord[]; members: Array<{ tripId: string; saleId: string }> }> {
    const [sales, members] = await Promise.all([
      this.db<SaleRow>('sales').select('*'),
      this.db('trips')
        .whereNot({ sale_id: REGULAR_SALE_ID })
        .select<Array<{ id: string; sale_id: string }>>('id', 'sale_id'),
    ]);
    return { sales: sales.map(toRecord), members: members.map((m) => ({ tripId: m.id, saleId: m.sale_id })) };
  }

  async create(input: SaleInput): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('sales').insert({
        id: input.id,
        name: input.name,
        opens_at: iso(input.opensAt),
        closes_at: iso(input.closesAt),
        queue: input.queue,
        verified_only: input.verifiedOnly,
        ...(input.admitPerMinute ? { admit_per_minute: input.admitPerMinute } : {}),
        ...(input.admissionMinutes ? { admission_minutes: input.admissionMinutes } : {}),
      });
      if (input.tripIds.length) await trx('trips').whereIn('id', input.tripIds).update({ sale_id: input.id });
    });
  }

  /** Applies a patch; false when there is no such sale. */
  async update(id: string, patch: SalePatch): Promise<boolean> {
    const row: Record<string, unknown> = { updated_at: this.db.fn.now() };
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.opensAt !== undefined) row.opens_at = iso(patch.opensAt);
    if (patch.closesAt !== undefined) row.closes_at = iso(patch.closesAt);
    if (patch.queue !== undefined) row.queue = patch.queue;
    if (patch.verifiedOnly !== undefined) row.verified_only = patch.verifiedOnly;
    if (patch.admitPerMinute !== undefined) row.admit_per_minute = patch.admitPerMinute;
    if (patch.admissionMinutes !== undefined) row.admission_minutes = patch.admissionMinutes;
    if (patch.status !== undefined) row.status = patch.status;
    const n = await this.db('sales').where({ id }).update(row);
    return n > 0;
  }

  /** Trips that exist among `ids`. */
  async existingTrips(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db('trips').whereIn('id', ids).select<Array<{ id: string }>>('id');
    return rows.map((r) => r.id);
  }
}
