import { type TripSummary, type TripsQuery, zonedDate } from '@fastpass/shared';
import type { HoldService } from '../booking/hold.service';
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
      ids.map(async (id): Promise<TripSummary | null> => {
        const info = await this.catalog.findTrip(id);
        if (!info) return null;
        const fares = await this.catalog.faresFor(info.trip.trainNumber);
        const codes = info.stationCodes;
        const from = q.from ?? codes[0]!;
        const to = q.to ?? codes[codes.length - 1]!;
        const journey = resolveJourney(info, from, to);
        if (journey === null || journey === 'order') return null;
        const available = await this.holds.availability(info, journey.mask);
        const fromStop = info.trip.stops[journey.fromIdx]!;
        const toStop = info.trip.stops[journey.toIdx]!;
        const sale = await this.sales.saleOf(info.trip.id);
        const closed = this.sales.closedReason(sale, info, journey);
        return {
          id: info.trip.id,
          trainName: info.trip.trainName,
          trainNumber: info.trip.trainNumber,
          date: info.trip.date,
          from,
          to,
          departsAt: fromStop.departsAt,
          arrivesAt: toStop.arrivesAt,
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
      }),
    );
    return results.filter((t): t is TripSummary => t !== null);
  }
}
