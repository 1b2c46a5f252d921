/**
 * Extension: a station's live departures board over the socket (docs/kiosk-board.md). One subscription
 * per board: `board:watch` answers the whole board, then `board:update` pushes the rows that changed
 * (availability after any hold, release, expiry or purchase; a sale opening, pausing or closing).
 */
import { z } from './zod';
import type { TripSummary } from './domain';
import { dateSchema, stationCodeSchema } from './schemas';

export const boardWatchSchema = z.object({
  station: stationCodeSchema,
  /** The board's first day (YYYY-MM-DD, TIMEZONE); it also lists the next day. Default: today. */
  date: dateSchema.optional(),
});
export type BoardWatch = z.infer<typeof boardWatchSchema>;
export const boardRefSchema = z.object({ station: stationCodeSchema });
export type BoardRef = z.infer<typeof boardRefSchema>;

/**
 * One departure: the trip's journey from the board's station to the train's terminus, as
 * `GET /api/trips?from=STATION&date=…` describes it (classes with fare and seats free, `bookable`,
 * `saleState`, `closedReason`, `sale` with `queue` for the waiting room).
 */
export type BoardDeparture = TripSummary;

export interface Board {
  station: string;
  /** The days listed (the first one and the next). */
  dates: string[];
  /** Trains still to leave `station`, in departure order (trains that have left are not listed). */
  departures: BoardDeparture[];
  asOf: string;
}

/** Server → client: the rows of `station`'s board that changed; a row replaces the one with its `id`. */
export interface BoardUpdate {
  station: string;
  departures: BoardDeparture[];
  asOf: string;
}
