import type { Station } from '@fastpass/shared';
import { notFound } from '../errors';
import type { CatalogRepo, FareRow } from './catalog.repo';
import { type TripInfo, buildTripInfo } from './trip-info';

const MAX_CACHED_TRIPS = 2000;

/**
 * Trips, stations and fares change only when operators edit the timetable, so they are read from
 * Postgres once and served from memory; the hot path (hold, watch) never queries the catalog tables.
 */
export class CatalogService {
  private readonly trips = new Map<string, Promise<TripInfo | null>>();
  private stationsCache?: Promise<Station[]>;
  private faresCache?: Promise<Map<string, FareRow>>;

  constructor(private readonly repo: CatalogRepo) {}

  stations(): Promise<Station[]> {
    this.stationsCache ??= this.repo.stations().catch((err) => {
      this.stationsCache = undefined;
      throw err;
    });
    return this.stationsCache;
  }

  fares(): Promise<Map<string, FareRow>> {
    this.faresCache ??= this.repo
      .fares()
      .then((rows) => new Map(rows.map((r) => [r.class, r])))
      .catch((err) => {
        this.faresCache = undefined;
        throw err;
      });
    return this.faresCache;
  }

  /** The trip or null; concurrent first readers share one query. */
  findTrip(id: string): Promise<TripInfo | null> {
    let entry = this.trips.get(id);
    if (!entry) {
      entry = this.repo.trip(id).then((t) => (t ? buildTripInfo(t) : null));
      entry.then(
        (info) => {
          if (!info) this.trips.delete(id); // unknown ids are not worth remembering
        },
        () => this.trips.delete(id),
      );
      if (this.trips.size >= MAX_CACHED_TRIPS) this.trips.delete(this.trips.keys().next().value as string);
      this.trips.set(id, entry);
    }
    return entry;
  }

  async getTrip(id: string): Promise<TripInfo> {
    const info = await this.findTrip(id);
    if (!info) throw notFound(`trip ${id}`);
    return info;
  }

  tripIdsOn(date: string): Promise<string[]> {
    return this.repo.tripIdsOn(date);
  }
}
