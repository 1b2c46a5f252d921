import {
  ErrorCode,
  type Hold,
  type HoldBestPayload,
  type HoldRequest,
  type SeatOccupancy,
  type SeatSnapshot,
  isAvailable,
} from '@fastpass/shared';
import { type Principal, capKeyOf } from '../auth/tokens';
import type { CatalogService } from '../catalog/catalog.service';
import { type Journey, type TripInfo, resolveJourney } from '../catalog/trip-info';
import { AppError, notFound } from '../errors';
import type { AdmissionGate } from '../sales/admission';
import type { SaleRecord } from '../sales/sale';
import { type SaleService, saleClosedError } from '../sales/sale.service';
import type { Metrics } from '../infra/metrics';
import type { EffectsSink } from './effects';
import { accessRefusal, openSeating } from './access';
import { storeFailure } from './hold-errors';
import { newHoldId, tripOfHold } from './hold-id';
import { bestSeatCandidates, chooseBest } from './best-seats';
import type { HoldCommand, HoldRecord, HoldStore, SaleWindow, StoreResult } from './hold-store';

export interface HoldServiceDeps {
  catalog: CatalogService;
  sales: SaleService;
  /** The waiting room: who may hold on a queued sale (absent: nobody is admitted to a queued sale). */
  admission?: AdmissionGate;
  store: () => HoldStore;
  sink: EffectsSink;
  metrics: Metrics;
  holdTtlMs: number;
  maxSeatsPerUser: number;
  onHold?: (tripId: string, expiresAt: number) => void;
}

export function toContractHold(
  h: Pick<HoldRecord, 'holdId' | 'tripId' | 'seatIds' | 'from' | 'to' | 'expiresAt' | 'extended'>,
): Hold {
  return {
    holdId: h.holdId,
    tripId: h.tripId,
    seatIds: h.seatIds,
    from: h.from,
    to: h.to,
    expiresAt: new Date(h.expiresAt).toISOString(),
    extended: h.extended,
  };
}

/** Seats of each class free for the journey `mask` in an occupancy snapshot (0 for a full class). */
export function availabilityOf(info: TripInfo, seats: SeatOccupancy[], mask: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const coach of info.trip.coaches) counts.set(coach.class, counts.get(coach.class) ?? 0);
  for (const seat of seats) {
    const cls = info.seatById.get(seat.id)?.seat.class;
    if (cls !== undefined && isAvailable(seat, mask)) counts.set(cls, (counts.get(cls) ?? 0) + 1);
  }
  return counts;
}

/** The booking rules in front of the seat-deciding store: input resolution, error precedence, effects. */
export class HoldService {
  constructor(private readonly deps: HoldServiceDeps) {}

  async resolve(tripId: string, from: string, to: string): Promise<{ info: TripInfo; journey: Journey }> {
    if (from === to) throw new AppError(ErrorCode.VALIDATION, 'to: must be a later stop than from');
    const info = await this.deps.catalog.getTrip(tripId);
    const journey = resolveJourney(info, from, to);
    if (journey === null)
      throw notFound(`station ${info.stationIndex.has(from) ? to : from} on trip ${tripId}`);
    if (journey === 'order')
      throw new AppError(ErrorCode.VALIDATION, 'to: must be a later stop than from on this trip');
    return { info, journey };
  }

  /**
   * The sale's window for the store, after the gates a store cannot judge (verified identity, waiting
   * room). A refusal this instance would make anyway is reported as SALE_CLOSED when its clock says
   * the journey is closed, since SALE_CLOSED ranks first; the store's clock alone decides a grant.
   */
  private async admit(
    user: Principal,
    info: TripInfo,
    journey: Journey,
    seats: number,
  ): Promise<{ window: SaleWindow; sale: SaleRecord }> {
    const { sales } = this.deps;
    const sale = await sales.saleOf(info.trip.id);
    const refuse = (err: AppError): never => {
      const closed = sales.closedReason(sale, info, journey);
      throw closed ? saleClosedError(closed) : err;
    };
    if (sale.verifiedOnly && !user.identity)
      refuse(
        new AppError(
          ErrorCode.VERIFICATION_REQUIRED,
          'this sale is for verified accounts only: verify your phone number first',
        ),
      );
    if (sale.queue && !(await this.deps.admission?.isAdmitted(user.userId, sale)))
      refuse(
        new AppError(
          ErrorCode.NOT_ADMITTED,
          'this sale has a waiting room: join the queue and wait to be admitted',
        ),
      );
    if (seats > this.deps.maxSeatsPerUser)
      refuse(
        new AppError(
          ErrorCode.LIMIT_EXCEEDED,
          `at most ${this.deps.maxSeatsPerUser} seats per user on one trip`,
        ),
      );
    return { window: sales.windowOf(sale, info), sale };
  }

  /** The window the store checks an existing hold's journey against (extend, purchase). */
  async windowOfTrip(tripId: string): Promise<SaleWindow> {
    const info = await this.deps.catalog.getTrip(tripId);
    return this.deps.sales.windowOf(await this.deps.sales.saleOf(tripId), info);
  }

  async hold(user: Principal, tripId: string, req: HoldRequest): Promise<Hold> {
    const started = process.hrtime.bigint();
    const { info, journey } = await this.resolve(tripId, req.from, req.to);
    // FORBIDDEN ranks before NOT_FOUND: an accessible seat without the need is refused first.
    const refused = accessRefusal(info, req.seatIds, req.needs);
    if (refused) throw refused;
    const unknown = req.seatIds.filter((id) => !info.seatById.has(id));
    if (unknown.length)
      throw new AppError(ErrorCode.NOT_FOUND, `no such seat on this trip: ${unknown.join(', ')}`, unknown);
    const { window } = await this.admit(user, info, journey, req.seatIds.length);
    const holdId = newHoldId(tripId);
    const result = await this.deps.store().hold({
      tripId,
      holdId,
      userId: user.userId,
      capKey: capKeyOf(user),
      window,
      seatIds: req.seatIds,
      mask: journey.mask,
      from: req.from,
      to: req.to,
      ttlMs: this.deps.holdTtlMs,
      maxSeats: this.deps.maxSeatsPerUser,
    });
    this.deps.sink.publish(result.effects);
    this.deps.metrics.holdRequests.inc({ outcome: result.ok ? 'ok' : result.code });
    this.deps.metrics.holdLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    if (!result.ok) throw storeFailure(result.code, result.seatIds);
    this.deps.onHold?.(tripId, result.expiresAt);
    return toContractHold({
      holdId,
      tripId,
      seatIds: req.seatIds,
      from: req.from,
      to: req.to,
      expiresAt: result.expiresAt,
      extended: false,
    });
  }

  /** `seat:holdBest`: the best `count` adjacent seats, chosen and held in one atomic step. */
  async holdBest(user: Principal, req: HoldBestPayload): Promise<Hold> {
    const { info, journey } = await this.resolve(req.tripId, req.from, req.to);
    const coaches = info.trip.coaches
      .filter((c) => (!req.class || c.class === req.class) && (!req.coach || c.code === req.coach))
      .map((c) => ({ ...c, seats: c.seats.filter(openSeating) }));
    if (coaches.length === 0) throw notFound(req.coach ? `coach ${req.coach}` : `class ${req.class}`);
    const { window } = await this.admit(user, info, journey, req.count);
    const store = this.deps.store();
    const holdId = newHoldId(req.tripId);
    const base = {
      tripId: req.tripId,
      holdId,
      userId: user.userId,
      capKey: capKeyOf(user),
      window,
      mask: journey.mask,
      from: req.from,
      to: req.to,
      ttlMs: this.deps.holdTtlMs,
      maxSeats: this.deps.maxSeatsPerUser,
    };
    const candidates = bestSeatCandidates(coaches, req.count);
    const result = store.holdBest
      ? await store.holdBest({ ...base, count: req.count, candidates })
      : await this.holdFirstFree(store, base, candidates);
    this.deps.sink.publish(result.effects);
    this.deps.metrics.holdRequests.inc({ outcome: result.ok ? 'ok' : result.code });
    if (!result.ok) {
      if (result.code === 'SEAT_TAKEN') {
        throw new AppError(
          ErrorCode.SEAT_TAKEN,
          `no ${req.count} adjacent seats are free for this journey`,
          [],
        );
      }
      throw storeFailure(result.code, result.seatIds);
    }
    this.deps.onHold?.(req.tripId, result.expiresAt);
    return toContractHold({ ...base, seatIds: result.seatIds, expiresAt: result.expiresAt, extended: false });
  }

  /**
   * Best-available for stores without an atomic chooser: the same choice (`chooseBest`) from a
   * snapshot, then a hold; retried on a race.
   */
  private async holdFirstFree(
    store: HoldStore,
    base: Omit<HoldCommand, 'seatIds'>,
    candidates: string[],
  ): Promise<StoreResult<{ expiresAt: number; seatIds: string[] }>> {
    let last: StoreResult<{ expiresAt: number; seatIds: string[] }> | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const snap = await store.snapshot(base.tripId);
      const busy = new Set(
        snap.ok ? snap.seats.filter((s) => !isAvailable(s, base.mask)).map((s) => s.id) : [],
      );
      const group = chooseBest(candidates, (s) => !busy.has(s));
      if (!group) return { ok: false, code: 'SEAT_TAKEN', seatIds: [], effects: snap.effects };
      const r = await store.hold({ ...base, seatIds: group });
      last = r.ok ? { ...r, seatIds: group } : r;
      if (r.ok || r.code !== 'SEAT_TAKEN') return last;
    }
    return last!;
  }

  async release(user: Principal, holdId: string): Promise<{ tripId: string }> {
    const tripId = await this.tripOfHold(holdId);
    const result = await this.deps.store().release(tripId, holdId, user.userId);
    this.settle(result);
    return { tripId };
  }

  async extend(user: Principal, holdId: string): Promise<Hold> {
    const tripId = await this.tripOfHold(holdId);
    const window = await this.windowOfTrip(tripId);
    const result = await this.deps.store().extend(tripId, holdId, user.userId, this.deps.holdTtlMs, window);
    if (!result.ok && result.code === 'LIMIT_EXCEEDED') {
      this.deps.sink.publish(result.effects);
      throw new AppError(ErrorCode.LIMIT_EXCEEDED, 'a hold can be extended only once');
    }
    const ok = this.settle(result);
    this.deps.onHold?.(tripId, ok.hold.expiresAt);
    return toContractHold(ok.hold);
  }

  async snapshot(tripId: string): Promise<SeatSnapshot> {
    const info = await this.deps.catalog.getTrip(tripId);
    const result = await this.deps.store().snapshot(tripId);
    this.deps.sink.publish(result.effects);
    if (!result.ok) throw storeFailure(result.code);
    const byId = new Map(result.seats.map((s) => [s.id, s]));
    // A seat the store has no entry for is free as of this snapshot's version.
    const version = result.effects.version;
    const seats: SeatOccupancy[] = info.seatIds.map(
      (id) => byId.get(id) ?? { id, held: 0, sold: 0, v: version },
    );
    return { tripId, version: result.effects.version, seats };
  }

  /** Seats of each class free for a journey, from the live occupancy. */
  async availability(info: TripInfo, mask: number): Promise<Map<string, number>> {
    return availabilityOf(info, (await this.snapshot(info.trip.id)).seats, mask);
  }

  /** Trip of a hold id, or NOT_FOUND for ids that cannot be ours. */
  async tripOfHold(holdId: string): Promise<string> {
    const tripId = tripOfHold(holdId);
    if (!tripId || !(await this.deps.catalog.findTrip(tripId))) throw notFound('hold');
    return tripId;
  }

  /** Publishes effects and turns a failure into its contract error. */
  settle<T extends object>(result: StoreResult<T>): { ok: true } & T {
    this.deps.sink.publish(result.effects);
    if (!result.ok) throw storeFailure(result.code, result.seatIds);
    return result;
  }
}
