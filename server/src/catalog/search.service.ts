import { type TripSummary, type TripsQuery, zonedDate } from '@fastpass/shared';
import { type HoldService, availabilityOf } from '../booking/hold.service';
import { fareOf } from '../orders/pricing';
import type { SaleService } from '../sales/sale.service';
import type { CatalogService } from './catalog.service';
import { resolveJourney } from './trip-info';

/** GET /api/trips: trips of a date serving from → to, with per-class fare and live availability. */
export class SearchService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly holds: HoldService,
    private readonly sales: SaleService,
    private readonly timeZone: string,
  ) {}

  async search(q: TripsQuery): Promise<TripSummary[]> {
    const date = q.date ?? zonedDate(this.timeZone);
    const ids = await this.catalog.tripIdsOn(date);
    const results = await Promise.all(
      ids.map(async (id) => (await this.summaries(id, [{ from: q.from, to: q.to }]))[0] ?? null),
    );
    return results.filter((t): t is TripSummary => t !== null);
  }

  /**
   * One trip's summary for each journey it serves (`from`/`to` absent: origin/terminus), all from one
   * occupancy snapshot; journeys the trip does not serve are left out.
   */
  async summaries(tripId: string, journeys: Array<{ from?: string; to?: string }>): Promise<TripSummary[]> {
    const info = await this.catalog.findTrip(tripId);
    if (!info) return [];
    const codes = info.stationCodes;
    const served = journeys.flatMap((j) => {
      const from = j.from ?? codes[0]!;
      const to = j.to ?? codes[codes.length - 1]!;
      const journey = resolveJourney(info, from, to);
      return journey === null || journey === 'order' ? [] : [{ from, to, journey }];
    });
    if (served.length === 0) return [];
    const [snapshot, fares, sale] = await Promise.all([
      this.holds.snapshot(tripId),
      this.catalog.faresFor(info.trip.trainNumber),
      this.sales.saleOf(tripId),
    ]);
    return served.map(({ from, to, journey }): TripSummary => {
      const available = availabilityOf(info, snapshot.seats, journey.mask);
      const closed = this.sales.closedReason(sale, info, journey);
      return {
        id: info.trip.id,
        trainName: info.trip.trainName,
        ...(info.trip.trainNameBn ? { trainNameBn: info.trip.trainNameBn } : {}),
        trainNumber: info.trip.trainNumber,
        date: info.trip.date,
        from,
        to,
        departsAt: info.trip.stops[journey.fromIdx]!.departsAt,
        arrivesAt: info.trip.stops[journey.toIdx]!.arrivesAt,
        classes: [...available.entries()].map(([cls, n]) => ({
          class: cls,
          fare: fareOf(fares.get(cls), journey.km),
          available: n,
        })),
        bookable: closed === null,
        saleState: this.sales.state(sale),
        ...(closed ? { closedReason: closed } : {}),
        sale: this.sales.view(sale),
      };
    });
  }
}
