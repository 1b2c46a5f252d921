import type { SeatOccupancy, SeatUpdateEntry } from '@fastpass/shared';
import type { SaleWindow } from '../sales/sale';

export type { SaleWindow };

/** What a store call changed, to be broadcast whatever the outcome (expiries happen on the way). */
export interface StoreEffects {
  tripId: string;
  version: number;
  changed: SeatUpdateEntry[];
  expired: ExpiredHold[];
}

export interface ExpiredHold {
  holdId: string;
  userId: string;
  seatIds: string[];
}

/** Failure codes a store decides; the service maps them to contract errors. */
export const StoreFailure = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  HOLD_EXPIRED: 'HOLD_EXPIRED',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  SEAT_TAKEN: 'SEAT_TAKEN',
  SALE_CLOSED: 'SALE_CLOSED',
} as const;
export type StoreFailure = (typeof StoreFailure)[keyof typeof StoreFailure];

export type StoreResult<T extends object = object> = (
  | ({ ok: true } & T)
  | { ok: false; code: StoreFailure; seatIds?: string[] }
) & {
  effects: StoreEffects;
};

export interface HoldRecord {
  holdId: string;
  tripId: string;
  userId: string;
  mask: number;
  from: string;
  to: string;
  seatIds: string[];
  expiresAt: number;
  createdAt: number;
  extended: boolean;
  /** The allowance key the hold counts against (absent: the owner's id). */
  capKey?: string;
}

/** The record of a hold just granted for `cmd` over `seatIds` (the stores' common starting point). */
export function newHoldRecord(
  cmd: Omit<HoldCommand, 'seatIds'>,
  seatIds: string[],
  createdAt: number,
): HoldRecord {
  return {
    holdId: cmd.holdId,
    tripId: cmd.tripId,
    userId: cmd.userId,
    mask: cmd.mask,
    from: cmd.from,
    to: cmd.to,
    seatIds,
    expiresAt: createdAt + cmd.ttlMs,
    createdAt,
    extended: false,
  };
}

export interface HoldCommand {
  tripId: string;
  holdId: string;
  userId: string;
  /** The key the seat allowance is counted by (the verified identity, else the user id). */
  capKey: string;
  window: SaleWindow;
  seatIds: string[];
  mask: number;
  from: string;
  to: string;
  ttlMs: number;
  maxSeats: number;
}

/** Hold the first free group among `candidates` (see best-seats.ts), best first. */
export interface HoldBestCommand extends Omit<HoldCommand, 'seatIds'> {
  count: number;
  candidates: string[];
}

/** Sold legs and live holds of a trip as Postgres knows them, for (re)building a cache. */
export interface TripState {
  sold: Record<string, number>;
  /** Seats bought per allowance key (verified identity, else user id). */
  bought: Record<string, number>;
  holds: HoldRecord[];
  /** The last version Postgres issued for the trip (database mode), so a rebuilt cache starts above it. */
  version?: number;
  /** Cache-outbox ops committed but not yet marked applied: this state already reflects them. */
  ops?: string[];
}

/**
 * The seat-deciding store. Every method is atomic for its trip: two callers can never both hold
 * overlapping legs of a seat. Implemented by Redis (fast path) and Postgres (fallback).
 */
export interface HoldStore {
  hold(cmd: HoldCommand): Promise<StoreResult<{ expiresAt: number }>>;
  /** Optional: stores without it get best-available from the service (snapshot, choose, hold). */
  holdBest?(cmd: HoldBestCommand): Promise<StoreResult<{ expiresAt: number; seatIds: string[] }>>;
  release(tripId: string, holdId: string, userId: string): Promise<StoreResult>;
  /** Marks a hold as being paid for so it cannot expire during the purchase transaction. */
  claim(
    tripId: string,
    holdId: string,
    userId: string,
    graceMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>>;
  /**
   * `capKey`: whose bought count rises (the hold's own key when the hold record is still there).
   * `opId`: the cache-outbox entry this applies (orders/cache-outbox.ts); a store that keeps its own
   * copy of sold legs applies each op once, so the outbox may retry freely.
   */
  confirm(
    tripId: string,
    holdId: string,
    capKey: string,
    mask: number,
    seatIds: string[],
    opId?: string,
  ): Promise<StoreResult>;
  unsell(
    tripId: string,
    capKey: string,
    mask: number,
    seatIds: string[],
    opId?: string,
  ): Promise<StoreResult>;
  extend(
    tripId: string,
    holdId: string,
    userId: string,
    ttlMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>>;
  snapshot(tripId: string): Promise<StoreResult<{ seats: SeatOccupancy[] }>>;
  expireDue(tripId: string): Promise<StoreResult<{ active: number }>>;
}

/** Every HoldStore method, for wrappers that treat them all alike (see routeStore). */
export const HOLD_STORE_METHODS = [
  'hold',
  'holdBest',
  'release',
  'claim',
  'confirm',
  'unsell',
  'extend',
  'snapshot',
  'expireDue',
] as const satisfies ReadonlyArray<keyof HoldStore>;

// A method added to HoldStore must be listed above, or this line stops compiling.
const everyMethodListed: [Exclude<keyof HoldStore, (typeof HOLD_STORE_METHODS)[number]>] extends [never]
  ? true
  : never = true;
void everyMethodListed;

/**
 * A HoldStore whose every method runs `route(store => store.method(...args))`: the wrapper decides
 * which store answers (and what happens around the call) in one place instead of once per method.
 */
export function routeStore(
  route: <T>(call: (store: HoldStore) => Promise<T>) => Promise<T>,
): Required<HoldStore> {
  const routed: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of HOLD_STORE_METHODS) {
    routed[method] = (...args) =>
      route((store) => {
        const fn = store[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (!fn) throw new Error(`this store cannot ${method}`);
        return fn.apply(store, args);
      });
  }
  return routed as unknown as Required<HoldStore>;
}
