import type { SeatUpdateEntry, ServerToClientEvents } from '@fastpass/shared';
import type { Server } from 'socket.io';
import type { EffectsSink } from '../booking/effects';
import type { StoreEffects } from '../booking/hold-store';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import { currentRequestId } from '../infra/request-context';
import type { PgBus } from './pg-bus';

export const tripRoom = (tripId: string) => `trip:${tripId}`;
export const userRoom = (userId: string) => `user:${userId}`;

type Emit = (event: string, payload: unknown) => void;

/** A rush coalesces many requests into one update; the log names the first few. */
const MAX_LOGGED_REQUESTS = 20;

/**
 * After a flush that took longer than the window, the next waits only this long: enough for the Redis
 * replies of decisions already sent to come back, so their changes ride along.
 */
const GRACE_MS = 5;

/**
 * How long changes wait for the flush that carries them. The window bounds how often each watcher gets
 * an update. A flush that took longer than the window (thousands of watchers: one socket write each)
 * already held back the changes made meanwhile, and the next cannot start sooner than that flush took,
 * so waiting a whole window again would only add latency, not spare any watcher an update.
 */
export function flushDelay(windowMs: number, lastFlushMs: number): number {
  return lastFlushMs > windowMs ? Math.min(windowMs, GRACE_MS) : windowMs;
}

/**
 * Coalesces seat changes per trip over a short window so a rush costs one `seat:update` per watcher per
 * window, not one per change. Entries keep the newest `v` per seat, so merging is order-insensitive.
 * The Redis adapter carries each emit to the trip's watchers on every instance; while Redis is down,
 * emits go to this instance's sockets and over the Postgres bus to the others.
 */
export class Broadcaster implements EffectsSink {
  private readonly pending = new Map<string, Map<string, SeatUpdateEntry>>();
  /** Per pending trip: when its first change arrived, and the requests whose changes it carries. */
  private readonly origin = new Map<string, { since: number; reqIds: Set<string> }>();
  private timer: NodeJS.Timeout | null = null;
  /** How long the last flush took (its writes to every watcher). */
  private lastFlushMs = 0;
  private readonly flushListeners: Array<(tripId: string) => void> = [];

  constructor(
    private readonly io: Server<Record<string, never>, ServerToClientEvents>,
    private readonly windowMs: number,
    private readonly metrics: Metrics,
    private readonly fallback: { active: () => boolean; bus: PgBus },
    private readonly log?: Logger,
  ) {}

  /** Emits to a room on every instance. */
  emit<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void {
    if (!this.fallback.active()) {
      (this.io.to(room).emit as Emit)(event, payload);
      return;
    }
    this.deliverLocal(room, event, payload);
    this.fallback.bus.publish(room, event, payload);
  }

  /** Delivers to this instance's own sockets only (fallback emits and bus messages). */
  deliverLocal(room: string, event: keyof ServerToClientEvents, payload: unknown): void {
    (this.io.local.to(room).emit as Emit)(event, payload);
  }

  publish(effects: StoreEffects): void {
    for (const e of effects.expired) {
      this.emit(userRoom(e.userId), 'hold:expired', {
        holdId: e.holdId,
        tripId: effects.tripId,
        seatIds: e.seatIds,
      });
    }
    if (effects.changed.length === 0) return;
    let seats = this.pending.get(effects.tripId);
    if (!seats) {
      seats = new Map();
      this.pending.set(effects.tripId, seats);
    }
    for (const entry of effects.changed) {
      const prev = seats.get(entry.id);
      if (!prev || prev.v < entry.v) seats.set(entry.id, entry);
    }
    let origin = this.origin.get(effects.tripId);
    if (!origin) {
      origin = { since: performance.now(), reqIds: new Set() };
      this.origin.set(effects.tripId, origin);
    }
    const reqId = currentRequestId();
    if (reqId && origin.reqIds.size < MAX_LOGGED_REQUESTS) origin.reqIds.add(reqId);
    if (this.windowMs === 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), flushDelay(this.windowMs, this.lastFlushMs));
  }

  /** Hears each trip whose seat changes this instance just broadcast (the departures boards follow them). */
  onTripChanged(listener: (tripId: string) => void): void {
    this.flushListeners.push(listener);
  }

  /** Sends what is pending now (a stopping instance owes its watchers the last changes it decided). */
  close(): void {
    this.flush();
  }

  flush(): void {
    const started = performance.now();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [tripId, seats] of this.pending) {
      const list = [...seats.values()];
      const version = list.reduce((max, s) => Math.max(max, s.v), 0);
      this.emit(tripRoom(tripId), 'seat:update', { tripId, version, seats: list });
      this.metrics.broadcasts.inc();
      const origin = this.origin.get(tripId);
      if (origin) {
        const lagMs = performance.now() - origin.since;
        this.metrics.broadcastLag.observe(lagMs / 1000);
        this.log?.debug(
          { tripId, version, seats: list.length, lagMs: Math.round(lagMs), reqIds: [...origin.reqIds] },
          'seat:update sent',
        );
      }
      for (const listener of this.flushListeners) listener(tripId);
    }
    this.pending.clear();
    this.origin.clear();
    this.lastFlushMs = performance.now() - started;
  }
}
