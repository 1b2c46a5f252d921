import { ErrorCode, type LotteryInfo, type QueueStatus } from '@fastpass/shared';
import type { Principal } from '../../auth/tokens';
import type { CatalogService } from '../../catalog/catalog.service';
import { AppError, notFound, unavailable } from '../../errors';
import { isConnectionError } from '../../infra/failures';
import type { Logger } from '../../infra/logger';
import type { AdmissionGate } from '../admission';
import type { SaleRecord } from '../sale';
import { type SaleService, saleClosedError } from '../sale.service';
import type { AdmissionsRepo } from './admissions.repo';
import { LOTTERY_ALGORITHM, drawOrder, entrantHash, newLotterySecret, orderDigest } from './lottery';
import type { Commitment, QueueStore } from './queue.store';
import { type WaiterSocket, Waiters, etaSeconds } from './waiters';

export interface QueueServiceDeps {
  store: QueueStore;
  admissions: AdmissionsRepo;
  sales: SaleService;
  catalog: CatalogService;
  log: Logger;
  /** True while Redis is not the truth (database mode): joins pause, admissions answer from Postgres. */
  degraded: () => boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The waiting room of queued sales: joining (idempotent per user per sale), the lottery's public
 * record, and the admission check every hold on a queued sale goes through. State lives in Redis
 * (queue.store.ts); the admission ticker (queue-ticker.ts) moves people in; `waiters` are this
 * instance's sockets to keep informed.
 */
export class QueueService implements AdmissionGate {
  readonly waiters = new Waiters();
  private readonly commitments = new Map<string, Commitment>();
  private readonly published = new Map<string, LotteryInfo>();
  private readonly opened = new Set<string>();

  constructor(private readonly deps: QueueServiceDeps) {}

  /**
   * The sale's lottery commitment, created on first use (the ticker does so before opening). The salt
   * never changes once set, so callers that only need it take the cached copy; `fresh` re-reads whether
   * the seed is revealed yet.
   */
  async commitment(saleId: string, fresh = false): Promise<Commitment> {
    const known = this.commitments.get(saleId);
    if (known && (known.opened || !fresh)) return known;
    const c = await this.deps.store.commit(saleId, newLotterySecret());
    this.commitments.set(saleId, c);
    return c;
  }

  /** `queue:join` / `POST /api/queue/:tripId`. A socket, when given, is kept informed while waiting. */
  async join(user: Principal, tripId: string, socket?: WaiterSocket): Promise<QueueStatus> {
    await this.deps.catalog.getTrip(tripId);
    const sale = await this.deps.sales.saleOf(tripId);
    // A sale without a waiting room admits everyone; nothing is stored.
    if (!sale.queue) return { state: 'admitted', saleId: sale.id };
    if (this.deps.sales.state(sale) === 'closed') throw saleClosedError('closed');
    if (this.deps.degraded()) return this.joinDegraded(user.userId, sale);
    const { salt } = await this.commitment(sale.id);
    const entrant = entrantHash(salt, user.userId);
    const r = await this.deps.store.join(sale.id, user.userId, entrant, sale.opensAt);
    if (r.state === 'admitted') {
      if (socket) this.waiters.remove(sale.id, user.userId);
      return { state: 'admitted', expiresAt: iso(r.expiresAt), saleId: sale.id };
    }
    if (r.state === 'lottery') {
      if (socket) this.waiters.add(sale.id, tripId, user.userId, null, socket);
      return { state: 'waiting', phase: 'lottery', saleId: sale.id, entrant, entrants: r.entrants };
    }
    const position = r.place - r.cursor;
    if (socket) {
      const w = this.waiters.add(sale.id, tripId, user.userId, r.place, socket);
      w.lastPosition = position;
      w.lastSentAt = Date.now();
    }
    return {
      state: 'waiting',
      phase: 'queue',
      saleId: sale.id,
      position,
      etaSeconds: etaSeconds(position, sale.admitPerMinute),
      entrant,
    };
  }

  /** Redis is down: an admission recorded in Postgres still counts; nobody new can be placed. */
  private async joinDegraded(userId: string, sale: SaleRecord): Promise<QueueStatus> {
    const until = await this.deps.admissions.expiresAt(sale.id, userId);
    if (until !== null && until > Date.now())
      return { state: 'admitted', expiresAt: iso(until), saleId: sale.id };
    throw unavailable(
      'the waiting room (paused while the booking cache recovers; places already taken are kept)',
    );
  }

  async isAdmitted(userId: string, sale: SaleRecord): Promise<boolean> {
    if (!sale.queue) return true;
    let until: number | null;
    if (this.deps.degraded()) until = await this.deps.admissions.expiresAt(sale.id, userId);
    else {
      try {
        until = await this.deps.store.admission(sale.id, userId);
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        until = await this.deps.admissions.expiresAt(sale.id, userId);
      }
    }
    return until !== null && until > Date.now();
  }

  /** The public record of a queued sale's lottery (what is revealed depends on how far it has got). */
  async lottery(saleId: string): Promise<LotteryInfo> {
    const cached = this.published.get(saleId);
    if (cached?.drawn) return cached;
    const sale = await this.deps.sales.get(saleId);
    if (!sale.queue) throw notFound(`waiting room of sale ${saleId} (it has none)`);
    if (this.deps.degraded()) throw unavailable('the lottery record');
    const c = await this.commitment(saleId, true);
    const info: LotteryInfo = {
      saleId,
      algorithm: LOTTERY_ALGORITHM,
      commitment: c.commitment,
      committedAt: iso(c.committedAt),
      opensAt: sale.opensAt === null ? null : iso(sale.opensAt),
      drawn: c.opened,
    };
    const { frozen } = await this.deps.store.cursor(saleId);
    if (frozen || c.opened) info.entrants = Object.values(await this.deps.store.entrants(saleId)).sort();
    if (c.opened && c.seed) {
      info.seed = c.seed;
      info.order = drawOrder(c.seed, info.entrants ?? []);
      info.digest = orderDigest(info.order);
    }
    this.published.set(saleId, info);
    return info;
  }

  /**
   * Draws the frozen pre-queue and gives it places 1..n. Idempotent: the order is a function of the
   * committed seed and the frozen list, and the script refuses a second opening.
   */
  async open(sale: SaleRecord): Promise<void> {
    if (this.opened.has(sale.id)) return;
    await this.commitment(sale.id);
    const seed = await this.deps.store.seed(sale.id);
    if (!seed) throw new AppError(ErrorCode.INTERNAL, `sale ${sale.id} has no lottery seed`);
    const byUser = await this.deps.store.entrants(sale.id);
    const userOf = new Map(Object.entries(byUser).map(([u, h]) => [h, u]));
    const order = drawOrder(seed, [...userOf.keys()]);
    const result = await this.deps.store.open(
      sale.id,
      sale.opensAt ?? 0,
      orderDigest(order),
      order.map((h) => userOf.get(h)!),
    );
    if (result === 'OK')
      this.deps.log.info({ saleId: sale.id, entrants: order.length }, 'waiting room opened');
    if (result === 'OK' || result === 'ALREADY') {
      this.opened.add(sale.id);
      this.commitments.delete(sale.id);
    }
  }
}
