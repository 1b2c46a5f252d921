import type { Sale, SaleState } from '@fastpass/shared';

/** A sale as stored (times in epoch ms); its contract `state` is derived by `saleState`. */
export interface SaleRecord {
  id: string;
  name: string;
  opensAt: number | null;
  closesAt: number | null;
  /** The operator's word: `scheduled` lets the clock decide; `paused` and `closed` override it. */
  status: 'scheduled' | 'paused' | 'closed';
  queue: boolean;
  verifiedOnly: boolean;
  /** Waiting room: people admitted per minute, and how long an admission lasts. */
  admitPerMinute: number;
  admissionMinutes: number;
  updatedAt: number;
}

/** The sale every trip belongs to unless an operator put it in another: open, no window, no queue (v1). */
export const REGULAR_SALE_ID = 'regular';

/**
 * When a trip can be booked: from `opensAt` until `closesAt[from]`, by the journey's `from` stop (epoch
 * ms). The store compares these with its own clock (Redis TIME, Postgres clock_timestamp()), so no
 * caller's clock decides. A stop missing from `closesAt` cannot be booked from.
 */
export interface SaleWindow {
  opensAt: number;
  closesAt: Record<string, number>;
}

/** Far beyond any departure: "no upper bound" in a window that Lua compares as a number. */
export const NO_END = 8.64e15;

export function saleState(s: SaleRecord, now: number): SaleState {
  if (s.status === 'closed' || (s.closesAt !== null && now >= s.closesAt)) return 'closed';
  if (s.opensAt !== null && now < s.opensAt) return 'upcoming';
  if (s.status === 'paused') return 'paused';
  return 'open';
}

export function toContractSale(s: SaleRecord, now: number): Sale {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: s.id,
    name: s.name,
    state: saleState(s, now),
    opensAt: iso(s.opensAt),
    closesAt: iso(s.closesAt),
    queue: s.queue,
    verifiedOnly: s.verifiedOnly,
  };
}

/**
 * The instants [opensAt, closesAt) between which a journey leaving its `from` stop at `departsAt` can
 * be held, extended or bought. The store compares them with its own clock (Redis TIME, Postgres
 * clock_timestamp()), so a caller's clock never decides. A paused or closed sale has an empty window.
 */
export function journeyWindow(
  s: SaleRecord,
  departsAt: number,
  cutoffMs: number,
): { opensAt: number; closesAt: number } {
  if (s.status !== 'scheduled') return { opensAt: 0, closesAt: 0 };
  const lastCall = departsAt - cutoffMs;
  const closesAt = Math.min(s.closesAt ?? NO_END, lastCall);
  return { opensAt: s.opensAt ?? 0, closesAt };
}

/** Why a journey cannot be booked at `now`, or null when it can (the app's and search's view). */
export function closedReason(
  s: SaleRecord,
  departsAt: number,
  cutoffMs: number,
  now: number,
): 'departed' | 'cutoff' | 'upcoming' | 'paused' | 'closed' | null {
  if (now >= departsAt) return 'departed';
  const state = saleState(s, now);
  if (state !== 'open') return state;
  if (now >= departsAt - cutoffMs) return 'cutoff';
  return null;
}

/** The window of every journey of a trip whose stops leave at `departures` (station → epoch ms). */
export function tripWindow(s: SaleRecord, departures: Array<[string, number]>, cutoffMs: number): SaleWindow {
  const closesAt: Record<string, number> = {};
  let opensAt = 0;
  for (const [station, departsAt] of departures) {
    const w = journeyWindow(s, departsAt, cutoffMs);
    closesAt[station] = w.closesAt;
    opensAt = w.opensAt;
  }
  return { opensAt, closesAt };
}

/** Whether `now` (the store's clock) is outside a journey's window from stop `from`. */
export function windowClosed(window: SaleWindow, from: string, now: number): boolean {
  const closes = window.closesAt[from];
  return closes === undefined || now < window.opensAt || now >= closes;
}
