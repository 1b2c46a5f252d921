import { EventEmitter } from 'node:events';
import { ErrorCode, type Sale, type SaleState } from '@fastpass/shared';
import type { Journey, TripInfo } from '../catalog/trip-info';
import { AppError, notFound } from '../errors';
import type { Logger } from '../infra/logger';
import {
  REGULAR_SALE_ID,
  type SaleRecord,
  type SaleWindow,
  closedReason,
  saleState,
  toContractSale,
  tripWindow,
} from './sale';
import type { SaleInput, SalePatch, SalesRepo } from './sales.repo';

export interface SaleChange {
  sale: SaleRecord;
  tripIds: string[];
}

/**
 * Which sale each trip is in and whether a journey can be booked now. Sales are few and change rarely,
 * so every instance keeps them all in memory and re-reads them when the table's fingerprint changes
 * (checked every `refreshMs`): a pause made on one instance holds on every instance within that
 * interval, with no Redis or bus involved, so it works the same in database mode.
 *
 * Emits 'change' (SaleChange) whenever a sale's contract view changes — an operator edit, or the clock
 * crossing `opensAt`/`closesAt` — so each instance tells its own sockets.
 */
export class SaleService extends EventEmitter<{ change: [SaleChange] }> {
  private sales = new Map<string, SaleRecord>();
  private saleOfTrip = new Map<string, string>();
  private lastState = new Map<string, string>();
  private fingerprint = '';
  private ready: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly windows = new Map<string, { sale: SaleRecord; window: SaleWindow }>();

  constructor(
    private readonly repo: SalesRepo,
    private readonly opts: { refreshMs: number; cutoffMs: number; log: Logger; now?: () => number },
  ) {
    super();
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  start(): Promise<void> {
    this.timer ??= setInterval(() => {
      this.refresh().catch((err) => this.opts.log.warn({ err: String(err) }, 'could not refresh sales'));
    }, this.opts.refreshMs);
    this.timer.unref();
    return this.loaded();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Loads once; a failed first load is retried by the next caller. */
  private loaded(): Promise<void> {
    this.ready ??= this.refresh().catch((err) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  /**
   * Re-reads the sales when the table changed, then reports every sale whose view changed. Refreshes
   * run one after another: two overlapping reads could finish out of order and leave the older one.
   */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.refreshOnce());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private refreshing: Promise<void> = Promise.resolve();

  private async refreshOnce(): Promise<void> {
    const fp = await this.repo.fingerprint();
    if (fp !== this.fingerprint) {
      const { sales, members } = await this.repo.load();
      this.sales = new Map(sales.map((s) => [s.id, s]));
      this.saleOfTrip = new Map(members.map((m) => [m.tripId, m.saleId]));
      this.fingerprint = fp;
    }
    const now = this.now();
    // The first load only learns the sales; after it, a sale seen for the first time is news too (its
    // trips just moved into it, maybe already paused by the time this instance looks).
    const announce = this.lastState.size > 0;
    for (const sale of this.sales.values()) {
      const view = JSON.stringify(toContractSale(sale, now));
      if (this.lastState.get(sale.id) === view) continue;
      this.lastState.set(sale.id, view);
      if (announce) this.emit('change', { sale, tripIds: this.tripsOf(sale.id) });
    }
  }

  async saleOf(tripId: string): Promise<SaleRecord> {
    await this.loaded();
    const id = this.saleOfTrip.get(tripId) ?? REGULAR_SALE_ID;
    const sale = this.sales.get(id);
    if (!sale) throw new AppError(ErrorCode.INTERNAL, `sale ${id} of trip ${tripId} is missing`);
    return sale;
  }

  async get(saleId: string): Promise<SaleRecord> {
    await this.loaded();
    const sale = this.sales.get(saleId);
    if (!sale) throw notFound(`sale ${saleId}`);
    return sale;
  }

  async list(): Promise<SaleRecord[]> {
    await this.loaded();
    return [...this.sales.values()];
  }

  /** Trips of a sale other than the regular one (whose trips are "all the others"). */
  tripsOf(saleId: string): string[] {
    const out: string[] = [];
    for (const [trip, sale] of this.saleOfTrip) if (sale === saleId) out.push(trip);
    return out;
  }

  view(sale: SaleRecord): Sale {
    return toContractSale(sale, this.now());
  }

  state(sale: SaleRecord): SaleState {
    return saleState(sale, this.now());
  }

  /** When the train leaves the journey's `from` stop (epoch ms). */
  static departure(info: TripInfo, journey: Pick<Journey, 'fromIdx'>): number {
    const at = info.trip.stops[journey.fromIdx]?.departsAt;
    return at ? Date.parse(at) : 0;
  }

  /**
   * The window the store enforces on a trip, by `from` stop (see `tripWindow`); recomputed only when
   * the sale changes, since it lies on the hold path.
   */
  windowOf(sale: SaleRecord, info: TripInfo): SaleWindow {
    // A cancelled trip has no window: every store refuses it (SALE_CLOSED) with nothing written.
    if (info.trip.status === 'cancelled') return { opensAt: 0, closesAt: {} };
    const cached = this.windows.get(info.trip.id);
    if (cached && cached.sale === sale) return cached.window;
    const departures: Array<[string, number]> = [];
    for (const stop of info.trip.stops)
      if (stop.departsAt) departures.push([stop.station, Date.parse(stop.departsAt)]);
    const window = tripWindow(sale, departures, this.opts.cutoffMs);
    if (this.windows.size > 5000) this.windows.clear();
    this.windows.set(info.trip.id, { sale, window });
    return window;
  }

  /** Why this journey cannot be booked now (by this instance's clock), or null. */
  closedReason(sale: SaleRecord, info: TripInfo, journey: Pick<Journey, 'fromIdx'>) {
    if (info.trip.status === 'cancelled') return 'cancelled' as const;
    return closedReason(sale, SaleService.departure(info, journey), this.opts.cutoffMs, this.now());
  }

  get cutoffMinutes(): number {
    return Math.round(this.opts.cutoffMs / 60_000);
  }

  async create(input: SaleInput): Promise<SaleRecord> {
    await this.loaded();
    if (this.sales.has(input.id)) throw new AppError(ErrorCode.VALIDATION, `id: sale ${input.id} exists`);
    const found = new Set(await this.repo.existingTrips(input.tripIds));
    const missing = input.tripIds.filter((t) => !found.has(t));
    if (missing.length) throw notFound(`trip ${missing[0]}`);
    await this.repo.create(input);
    await this.refresh();
    return this.get(input.id);
  }

  async update(id: string, patch: SalePatch): Promise<SaleRecord> {
    const current = await this.get(id);
    const opensAt = patch.opensAt !== undefined ? patch.opensAt : current.opensAt;
    const closesAt = patch.closesAt !== undefined ? patch.closesAt : current.closesAt;
    if (opensAt !== null && closesAt !== null && opensAt >= closesAt)
      throw new AppError(ErrorCode.VALIDATION, 'closesAt: must be after opensAt');
    if (!(await this.repo.update(id, patch))) throw notFound(`sale ${id}`);
    await this.refresh();
    return this.get(id);
  }
}

export function saleClosedError(reason: string): AppError {
  const why: Record<string, string> = {
    departed: 'the train has left',
    cutoff: 'booking for this journey has closed before departure',
    upcoming: 'the sale has not opened yet',
    paused: 'the sale is paused',
    closed: 'the sale is closed',
    cancelled: 'the trip is cancelled',
  };
  return new AppError(ErrorCode.SALE_CLOSED, `not bookable now: ${why[reason] ?? reason}; nothing was held`);
}
