import { EventEmitter } from 'node:events';
import type { Station } from '@fastpass/shared';
import { notFound } from '../errors';
import type { CatalogRepo, FareRow } from './catalog.repo';
import { type TripInfo, buildTripInfo } from './trip-info';

const MAX_CACHED_TRIPS = 2000;

interface FareTables {
  classes: Map<string, FareRow>;
  byTrain: Map<string, Map<string, FareRow>>;
}

/**
 * Trips, stations and fares change only when operators edit them, so they are read from Postgres
 * once and served from memory; the hot path (hold, watch) never queries the catalog tables. An edit
 * bumps `catalog_version`; `CatalogWatch` sees it on every instance and calls `invalidate()`, which
 * emits 'change' so the instance tells its own sockets.
 */
export class CatalogService extends EventEmitter<{ change: [] }> {
  private readonly trips = new Map<string, Promise<TripInfo | null>>();
  private stationsCache?: Promise<Station[]>;
  private faresCache?: Promise<FareTables>;

  constructor(private readonly repo: CatalogRepo) {
    super();
  }

  /** Forgets everything cached; the next reader loads the catalog as it is now. */
  invalidate(): void {
    this.trips.clear();
    this.stationsCache = undefined;
    this.faresCache = undefined;
    this.emit('change');
  }

  version(): Promise<number> {
    return this.repo.version();
  }

  stations(): Promise<Station[]> {
    this.stationsCache ??= this.repo.stations().catch((err) => {
      this.stationsCache = undefined;
      throw err;
    });
    return this.stationsCache;
  }

  private fareTables(): Promise<FareTables> {
    this.faresCache ??= Promise.all([this.repo.fares(), this.repo.trainFares()])
      .then(([rows, overrides]) => {
        const byTrain = new Map<string, Map<string, FareRow>>();
        for (const { number, ...fare } of overrides) {
          const m = byTrain.get(number) ?? new Map<string, FareRow>();
          m.set(fare.class, fare);
          byTrain.set(number, m);
        }
        return { classes: new Map(rows.map((r) => [r.class, r])), byTrain };
      })
      .catch((err) => {
        this.faresCache = undefined;
        throw err;
      });
    return this.faresCache;
  }

  /** The class fares. */
  async fares(): Promise<Map<string, FareRow>> {
    return (await this.fareTables()).classes;
  }

  /** The fares a train sells at: its own overrides over the class fares. */
  async faresFor(trainNumber: string): Promise<Map<string, FareRow>> {
    const t = await this.fareTables();
    const own = t.byTrain.get(trainNumber);
    return own ? new Map([...t.classes, ...own]) : t.classes;
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
