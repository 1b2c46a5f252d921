import type { QueueAdmitted, QueueUpdate } from '@fastpass/shared';
import type { RedisClient as Redis } from '../../infra/redis';
import { Leadership } from '../../infra/leadership';
import type { Logger } from '../../infra/logger';
import type { SaleRecord } from '../sale';
import type { SaleService } from '../sale.service';
import type { AdmissionsRepo } from './admissions.repo';
import type { QueueService } from './queue.service';
import type { QueueStore } from './queue.store';
import { type Waiter, etaSeconds, updateDue } from './waiters';

/** The contract's "at least every 5 s". */
const MAX_SILENCE_MS = 5000;
/** ETA rate: admissions measured over this window once it spans at least half of it. */
const RATE_WINDOW_MS = 10_000;
/** The admission bucket banks at most this much time's worth (and at least two ticks'). */
const BURST_MS = 5000;

export interface QueueTickerOptions {
  tickMs: number;
  log: Logger;
  degraded: () => boolean;
  /** Competes for the admission leadership (the worker role); false: only tells local waiters. */
  admits?: boolean;
  /** Told how many people each admission run let in (metrics). */
  onAdmitted?: (saleId: string, n: number) => void;
}

/**
 * The waiting room's clock. Every tick, on every instance: the leader (Redlock, renewed while leading)
 * draws the lottery of sales that just opened and admits the next people at each sale's current rate;
 * then each instance reads one counter per sale and tells its own waiters their position, or that they
 * are in. Two leaders at once are harmless: opening is once-only and admission is a token bucket on
 * Redis's clock, both inside their scripts.
 */
export class QueueTicker {
  private readonly leadership: Leadership;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking: Promise<void> | null = null;
  private readonly lastError = new Map<string, string>();
  private readonly samples = new Map<string, Array<{ at: number; admitted: number }>>();

  constructor(
    redis: Redis,
    private readonly queue: QueueService,
    private readonly store: QueueStore,
    private readonly admissions: AdmissionsRepo,
    private readonly sales: SaleService,
    private readonly opts: QueueTickerOptions,
  ) {
    this.leadership = new Leadership(redis, 'fastpass:lock:queue');
    // An opening or a rate change is acted on at once rather than at the next tick.
    sales.on('change', ({ sale }) => {
      if (sale.queue) this.kick();
    });
  }

  start(): void {
    this.running = true;
    this.schedule(this.opts.tickMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking?.catch(() => undefined);
    await this.leadership.release();
  }

  /** Runs a tick now (unless one is running), then resumes the regular cadence. */
  kick(): void {
    if (!this.running || this.ticking) return;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        if (!this.timer) this.schedule(this.opts.tickMs);
      });
    }, ms);
  }

  async tick(): Promise<void> {
    if (this.opts.degraded()) return; // Redis is not the truth: nobody new is admitted, positions hold
    let queued: SaleRecord[];
    try {
      queued = (await this.sales.list()).filter((s) => s.queue);
    } catch (err) {
      this.opts.log.warn({ err: String(err) }, 'queue tick: could not list sales');
      return;
    }
    if (this.opts.admits !== false && queued.length > 0 && (await this.leadership.lead())) {
      for (const sale of queued) await this.guard(sale.id, () => this.admit(sale));
    }
    for (const saleId of [...this.queue.waiters.bySale.keys()]) {
      const sale = queued.find((s) => s.id === saleId);
      if (sale) await this.guard(saleId, () => this.inform(sale));
    }
  }

  private async guard(saleId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.lastError.delete(saleId);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (this.lastError.get(saleId) !== msg)
        this.opts.log.error({ saleId, err: msg }, 'waiting room tick failed');
      this.lastError.set(saleId, msg);
    }
  }

  /** Leader work for one sale: commit before opening, draw at opening, then admit at its rate. */
  private async admit(sale: SaleRecord): Promise<void> {
    const state = this.sales.state(sale);
    if (state === 'upcoming') {
      await this.queue.commitment(sale.id);
      return;
    }
    if (state !== 'open') return;
    await this.queue.open(sale);
    // Bank a few seconds' worth: enough that a late tick on a busy machine loses no admissions, little
    // enough that a resumed pause or a stalled leader never lets a crowd in at once.
    const bankMs = Math.max(BURST_MS, 2 * this.opts.tickMs);
    const burst = Math.max(1, Math.ceil((sale.admitPerMinute * bankMs) / 60_000));
    const batch = await this.store.admit(sale.id, sale.admitPerMinute, sale.admissionMinutes * 60_000, burst);
    if (batch?.admitted.length) {
      this.opts.onAdmitted?.(sale.id, batch.admitted.length);
      await this.admissions
        .record(sale.id, batch.admitted)
        .catch((err) =>
          this.opts.log.warn({ err: String(err), saleId: sale.id }, 'could not copy admissions to Postgres'),
        );
    }
  }

  /**
   * The rate an ETA should assume: admissions actually made over the last few seconds when that is
   * known (a busy machine may fall behind the configured rate), else the configured one.
   */
  private etaRate(sale: SaleRecord, at: number, admitted: number): number {
    let list = this.samples.get(sale.id);
    if (!list) {
      list = [];
      this.samples.set(sale.id, list);
    }
    if (at && list[list.length - 1]?.at !== at) list.push({ at, admitted });
    while (list.length > 1 && at - list[0]!.at > RATE_WINDOW_MS) list.shift();
    const first = list[0];
    if (!first || at - first.at < RATE_WINDOW_MS / 2 || admitted <= first.admitted)
      return sale.admitPerMinute;
    return Math.min(sale.admitPerMinute, ((admitted - first.admitted) * 60_000) / (at - first.at));
  }

  /** This instance's waiters of one sale: one counter read, then positions or admissions. */
  private async inform(sale: SaleRecord): Promise<void> {
    const waiters = this.queue.waiters.bySale.get(sale.id);
    if (!waiters) return;
    const c = await this.store.cursor(sale.id);
    if (!c.opened) return; // the lottery has not placed anyone yet
    const unplaced = [...waiters.values()].filter((w) => w.place === null);
    if (unplaced.length) {
      const places = await this.store.places(
        sale.id,
        unplaced.map((w) => w.userId),
      );
      unplaced.forEach((w, i) => {
        w.place = places[i] ?? null;
      });
    }
    const now = Date.now();
    const asOf = new Date(c.at || now).toISOString();
    const rate = this.etaRate(sale, c.at, c.admitted);
    const through: Waiter[] = [];
    for (const w of waiters.values()) {
      if (w.place === null || w.place <= c.cursor) {
        through.push(w);
        continue;
      }
      const position = w.place - c.cursor;
      if (!updateDue(w, position, now, MAX_SILENCE_MS - this.opts.tickMs)) continue;
      w.lastPosition = position;
      w.lastSentAt = now;
      const update: QueueUpdate = {
        tripId: w.tripId,
        position,
        etaSeconds: etaSeconds(position, rate),
        asOf,
      };
      this.queue.waiters.send(w, 'queue:update', update);
    }
    if (through.length === 0) return;
    through.sort((x, y) => (x.place ?? 0) - (y.place ?? 0));
    const until = await this.store.admissions(
      sale.id,
      through.map((w) => w.userId),
    );
    through.forEach((w, i) => {
      const expiresAt = until[i];
      if (expiresAt !== null && expiresAt !== undefined && expiresAt > now) {
        const event: QueueAdmitted = { tripId: w.tripId, expiresAt: new Date(expiresAt).toISOString() };
        this.queue.waiters.send(w, 'queue:admitted', event);
      }
      // Admitted, or gone from the line (lapsed, repaired keys): either way no longer waiting here.
      this.queue.waiters.remove(sale.id, w.userId);
    });
  }
}
