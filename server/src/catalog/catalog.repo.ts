import type { Coach, Seat, Station, Trip } from '@fastpass/shared';
import type { Db } from '../infra/db';

export interface FareRow {
  class: string;
  base_minor: number;
  per_km_minor: number;
  currency: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Read side of the catalog: stations, trips with stops, coaches and seats, fares. */
export class CatalogRepo {
  constructor(private readonly db: Db) {}

  async stations(): Promise<Station[]> {
    const rows = await this.db('stations').select('code', 'name', 'name_bn').orderBy('name');
    return rows.map((r: { code: string; name: string; name_bn: string | null }) => ({
      code: r.code,
      name: r.name,
      ...(r.name_bn ? { nameBn: r.name_bn } : {}),
    }));
  }

  async fares(): Promise<FareRow[]> {
    return this.db('fares').select('*');
  }

  /** Per-train overrides of the class fares (operators set them in the console). */
  async trainFares(): Promise<Array<FareRow & { number: string }>> {
    return this.db('train_fares as f')
      .join('trains as t', 't.id', 'f.train_id')
      .join('fares as c', 'c.class', 'f.class')
      .select('t.number', 'f.class', 'f.base_minor', 'f.per_km_minor', 'c.currency');
  }

  async version(): Promise<number> {
    const row = await this.db('catalog_version').where({ id: 1 }).first('version');
    return Number(row?.version ?? 0);
  }

  async tripIdsOn(date: string): Promise<string[]> {
    const rows = await this.db('trips').where({ date }).orderBy('departs_at').select('id');
    return rows.map((r: { id: string }) => r.id);
  }

  async trip(id: string): Promise<Trip | null> {
    const row = await this.db('trips')
      .join('trains', 'trains.id', 'trips.train_id')
      .where('trips.id', id)
      .first(
        'trips.id',
        'trips.train_id',
        'trips.consist_id',
        'trips.status',
        'trains.name',
        'trains.name_bn',
        'trains.number',
        this.db.raw(`to_char(trips.date, 'YYYY-MM-DD') as date`),
      );
    if (!row) return null;
    const [stops, coaches, seats] = await Promise.all([
      this.db('trip_stops').where({ trip_id: id }).orderBy('idx'),
      // The trip's own consist: a layout edit after it was generated does not reach it (docs/operations.md).
      this.db('coaches')
        .where({ consist_id: row.consist_id })
        .orderBy('position'),
      this.db('seats')
        .where({ consist_id: row.consist_id })
        .orderBy([{ column: 'coach_code' }, { column: 'row' }, { column: 'col' }]),
    ]);
    const seatsByCoach = new Map<string, Seat[]>();
    for (const s of seats) {
      const coach = coaches.find((c: { code: string }) => c.code === s.coach_code);
      const seat: Seat = {
        id: s.id,
        label: s.label,
        row: s.row,
        col: s.col,
        class: coach?.class ?? '',
        position: s.position,
        facing: s.facing,
        ...(s.berth ? { berth: s.berth } : {}),
        ...(s.access?.length ? { access: s.access } : {}),
      };
      const list = seatsByCoach.get(s.coach_code) ?? [];
      list.push(seat);
      seatsByCoach.set(s.coach_code, list);
    }
    return {
      id: row.id,
      trainName: row.name,
      ...(row.name_bn ? { trainNameBn: row.name_bn } : {}),
      trainNumber: row.number,
      date: row.date,
      ...(row.status === 'cancelled' ? { status: 'cancelled' as const } : {}),
      stops: stops.map(
        (s: {
          station_code: string;
          idx: number;
          arrives_at: Date | null;
          departs_at: Date | null;
          km: number;
        }) => ({
          station: s.station_code,
          index: s.idx,
          arrivesAt: iso(s.arrives_at),
          departsAt: iso(s.departs_at),
          km: s.km,
        }),
      ),
      coaches: coaches.map(
        (c: { code: string; class: string; rows: number; cols: number; aisle_after: number[] }): Coach => ({
          code: c.code,
          class: c.class,
          layout: { rows: c.rows, cols: c.cols, aisleAfter: c.aisle_after },
          seats: seatsByCoach.get(c.code) ?? [],
        }),
      ),
    };
  }
}
