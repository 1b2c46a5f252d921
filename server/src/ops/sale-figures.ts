import type { OpsSaleFigures, OpsSalesEvent } from '@fastpass/shared';
import type { Db } from '../infra/db';
import type { SaleService } from '../sales/sale.service';

export interface SaleFiguresDeps {
  db: Db;
  sales: SaleService;
  /** Cumulative hold decisions per trip, counted by the Redis scripts (empty in database mode). */
  counts: (tripIds: string[]) => Promise<Map<string, { held: number; taken: number }>>;
  /** People waiting and admitted so far in a sale's waiting room (Redis). */
  queue: (saleId: string) => Promise<{ waiting: number; admitted: number }>;
  mode: () => 'cache' | 'database';
  now?: () => number;
}

interface Reading {
  at: number;
  held: number;
  taken: number;
  admitted: number;
}

/**
 * The sale control panel's live figures. Rates are differences of cumulative counters kept in Redis
 * (hold decisions per trip, admissions per sale), so they cover every instance; sold share and revenue
 * come from Postgres (tickets and confirmed orders of the sale's trips that have not left yet).
 */
export class SaleFigures {
  private readonly last = new Map<string, Reading>();

  constructor(private readonly deps: SaleFiguresDeps) {}

  async read(): Promise<OpsSalesEvent> {
    const now = (this.deps.now ?? Date.now)();
    const sales = await this.deps.sales.list();
    const money = await this.money();
    const figures = await Promise.all(
      sales.map(async (sale): Promise<OpsSaleFigures> => {
        const tripIds = this.deps.sales.tripsOf(sale.id);
        const [counts, queue] = await Promise.all([
          tripIds.length ? this.deps.counts(tripIds).catch(() => new Map()) : new Map(),
          sale.queue ? this.deps.queue(sale.id).catch(() => null) : null,
        ]);
        let held = 0;
        let taken = 0;
        for (const c of counts.values()) {
          held += c.held;
          taken += c.taken;
        }
        const cur: Reading = { at: now, held, taken, admitted: queue?.admitted ?? 0 };
        const prev = this.last.get(sale.id);
        const dt = prev ? (now - prev.at) / 1000 : 0;
        const rate = (k: keyof Reading) => (prev && dt > 0 ? Math.max(0, (cur[k] - prev[k]) / dt) : 0);
        this.last.set(sale.id, cur);
        const m = money.get(sale.id);
        return {
          saleId: sale.id,
          state: this.deps.sales.state(sale),
          queueLength: queue?.waiting ?? 0,
          admittedPerSec: round(rate('admitted')),
          holdsPerSec: round(rate('held')),
          conflictsPerSec: round(rate('taken')),
          soldPct: m && m.capacity > 0 ? round((100 * m.sold) / m.capacity) : 0,
          revenueMinor: m?.revenue ?? 0,
          currency: m?.currency ?? 'BDT',
        };
      }),
    );
    return { at: new Date(now).toISOString(), mode: this.deps.mode(), sales: figures };
  }

  /** Seat-legs on sale and sold, and revenue, per sale, over trips that have not left yet. */
  private async money() {
    const { rows } = await this.deps.db.raw<{
      rows: Array<{
        sale_id: string;
        capacity: string;
        sold: string;
        revenue: string;
        currency: string | null;
      }>;
    }>(`
      WITH t AS (SELECT id, sale_id, consist_id FROM trips WHERE status = 'scheduled' AND departs_at > now()),
      cap AS (SELECT t.sale_id,
                     sum((SELECT count(*) FROM seats s WHERE s.consist_id = t.consist_id)
                         * ((SELECT count(*) FROM trip_stops ts WHERE ts.trip_id = t.id) - 1)) AS capacity
                FROM t GROUP BY t.sale_id),
      sold AS (SELECT t.sale_id, sum(upper(k.legs) - lower(k.legs)) AS sold
                 FROM tickets k JOIN t ON t.id = k.trip_id WHERE k.active GROUP BY t.sale_id),
      rev AS (SELECT t.sale_id, sum(o.total_minor) AS revenue, max(o.currency) AS currency
                FROM orders o JOIN t ON t.id = o.trip_id WHERE o.status = 'confirmed' GROUP BY t.sale_id)
      SELECT cap.sale_id, cap.capacity, coalesce(sold.sold, 0) AS sold,
             coalesce(rev.revenue, 0) AS revenue, rev.currency
        FROM cap LEFT JOIN sold USING (sale_id) LEFT JOIN rev USING (sale_id)`);
    return new Map(
      rows.map((r) => [
        r.sale_id,
        {
          capacity: Number(r.capacity),
          sold: Number(r.sold),
          revenue: Number(r.revenue),
          currency: r.currency ?? 'BDT',
        },
      ]),
    );
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
