/** Socket.IO events (contract.md, "Socket.IO"), typed for both ends. */
import type { Board, BoardRef, BoardUpdate, BoardWatch } from './board';
import type { OpsSalesEvent } from './admin';
import type { Hold, Mode, QueueStatus, Sale, SeatSnapshot, SeatUpdate } from './domain';
import type { ErrorBody } from './errors';
import type { HoldBestPayload, HoldRef, SeatHoldPayload, TripRef } from './schemas';

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
export type AckFn<T extends object = object> = (response: Ack<T>) => void;

export interface HoldExpired {
  holdId: string;
  tripId: string;
  seatIds: string[];
}

/** Extension: the serving mode changed (cache ⇄ database). */
export interface ModeChanged {
  mode: Mode;
}

/** v1.1: sent while waiting (at least every 5 s and whenever the position moves by ≥ 1 %). */
export interface QueueUpdate {
  tripId: string;
  position: number;
  etaSeconds: number;
  /** Extension: the admission tick this position reflects (ISO), so a client can see how fresh it is. */
  asOf?: string;
}

/** v1.1: the user may now hold seats on the sale's trips until `expiresAt`. */
export interface QueueAdmitted {
  tripId: string;
  expiresAt: string;
}

/** Extension: a sale changed state (opened, paused, resumed, closed) — sent to every watcher of its trips. */
export interface SaleChanged {
  tripId: string;
  sale: Sale;
}

export interface ClientToServerEvents {
  'trip:watch': (payload: TripRef, ack: AckFn<{ snapshot: SeatSnapshot }>) => void;
  'trip:unwatch': (payload: TripRef, ack: AckFn) => void;
  'seat:hold': (payload: SeatHoldPayload, ack: AckFn<{ hold: Hold }>) => void;
  'seat:release': (payload: HoldRef, ack: AckFn) => void;
  /** Extension: extend a hold once (capped at 2 × TTL from its start). */
  'hold:extend': (payload: HoldRef, ack: AckFn<{ hold: Hold }>) => void;
  /** Extension: hold the best `count` adjacent seats, chosen by the server inside its atomic hold. */
  'seat:holdBest': (payload: HoldBestPayload, ack: AckFn<{ hold: Hold }>) => void;
  /** v1.1: join the waiting room of the trip's sale (or learn that one is already admitted). */
  'queue:join': (payload: TripRef, ack: AckFn<QueueStatus>) => void;
  /** Extension (docs/kiosk-board.md): subscribe to a station's departures board; answers the whole board. */
  'board:watch': (payload: BoardWatch, ack: AckFn<{ board: Board }>) => void;
  'board:unwatch': (payload: BoardRef, ack: AckFn) => void;
  /** Extension (operators, docs/operations.md): receive `ops:sales` every second until disconnect. */
  'ops:watch': (payload: Record<string, never>, ack: AckFn) => void;
}

export interface ServerToClientEvents {
  'seat:update': (update: SeatUpdate) => void;
  'hold:expired': (event: HoldExpired) => void;
  'server:mode': (event: ModeChanged) => void;
  'queue:update': (event: QueueUpdate) => void;
  'queue:admitted': (event: QueueAdmitted) => void;
  'sale:update': (event: SaleChanged) => void;
  /** Extension: rows of a watched board that changed. */
  'board:update': (event: BoardUpdate) => void;
  /** Extension (docs/operations.md): an operator changed the catalog; pages showing it read it again. */
  'catalog:update': (event: { version: number }) => void;
  /** Extension: an operator cancelled the trip (its orders are cancelled; watchers and holders are told). */
  'trip:cancelled': (event: { tripId: string; cancelledAt: string }) => void;
  /** Extension (operators who sent `ops:watch`): every sale's live figures. */
  'ops:sales': (event: OpsSalesEvent) => void;
}
