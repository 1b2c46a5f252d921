import type { SeatOccupancy, SeatUpdateEntry } from '@fastpass/shared';

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
}

export interface HoldCommand {
  tripId: string;
  holdId: string;
  userId: string;
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
  bought: Record<string, number>;
  holds: HoldRecord[];
  /** The last version Postgres issued for the trip (database mode), so a rebuilt cache starts above it. */
  version?: number;
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
  ): Promise<StoreResult<{ hold: HoldRecord }>>;
  confirm(
    tripId: string,
    holdId: string,
    userId: string,
    mask: number,
    seatIds: string[],
  ): Promise<StoreResult>;
  unsell(tripId: string, userId: string, mask: number, seatIds: string[]): Promise<StoreResult>;
  extend(
    tripId: string,
    holdId: string,
    userId: string,
    ttlMs: number,
  ): Promise<StoreResult<{ hold: HoldRecord }>>;
  snapshot(tripId: string): Promise<StoreResult<{ seats: SeatOccupancy[] }>>;
  expireDue(tripId: string): Promise<StoreResult<{ active: number }>>;
}
