/** Domain shapes of contract.md ("Domain"). Money is in minor units (paisa for BDT). */

export interface Station {
  code: string;
  name: string;
  /** Extension: the name in Bangla script, when the catalog has one. */
  nameBn?: string;
}

export interface Stop {
  station: string;
  index: number;
  arrivesAt: string | null;
  departsAt: string | null;
  /** Extension: distance from the origin in km (used for fares). */
  km?: number;
}

/** Extension fields (`position`, `berth`, `facing`) describe how the app should draw a seat. */
export interface Seat {
  id: string;
  label: string;
  row: number;
  col: number;
  class: string;
  position?: 'window' | 'aisle' | 'middle';
  berth?: 'lower' | 'upper';
  facing?: 'forward' | 'backward';
  /** Accessible seating (extension): present only when the seat has a need attached to it. */
  access?: SeatAccess[];
}

/** A wheelchair space, a priority seat, or a companion seat beside one of them. */
export type SeatAccess = 'wheelchair' | 'priority' | 'companion';

export interface CoachLayout {
  rows: number;
  cols: number;
  aisleAfter: number[];
}

export interface Coach {
  code: string;
  class: string;
  layout: CoachLayout;
  seats: Seat[];
}

/** v1.1: the state of a sale. `upcoming` before `opensAt`, `closed` after `closesAt` or when closed by an operator. */
export const SaleState = {
  upcoming: 'upcoming',
  open: 'open',
  paused: 'paused',
  closed: 'closed',
} as const;
export type SaleState = (typeof SaleState)[keyof typeof SaleState];

/** v1.1: a set of trips that open together (all trips of one date, one Eid special…). */
export interface Sale {
  id: string;
  state: SaleState;
  opensAt: string | null;
  closesAt: string | null;
  queue: boolean;
  verifiedOnly: boolean;
  /** Extension: a human name for the sale ("Eid special — 28 Mar"). */
  name?: string;
}

export interface Trip {
  id: string;
  trainName: string;
  /** Extension: the train's name in Bangla script, when the catalog has one. */
  trainNameBn?: string;
  trainNumber: string;
  date: string;
  stops: Stop[];
  coaches: Coach[];
  /** v1.1: the sale this trip is sold in. */
  sale?: Sale;
  /** Extension: minutes before a stop's departure when booking from that stop stops (`SALE_CUTOFF_MINUTES`). */
  cutoffMinutes?: number;
  /** Extension: the most seats one user may hold or buy on this trip (`MAX_SEATS_PER_USER`). */
  maxSeatsPerUser?: number;
  /** Extension: how long a new hold lasts, in seconds (`HOLD_TTL_SECONDS`). */
  holdTtlSeconds?: number;
  /** Extension (docs/operations.md): present when an operator cancelled the trip; nothing can be booked. */
  status?: 'cancelled';
}

export interface SeatOccupancy {
  id: string;
  held: number;
  sold: number;
  /** Extension: the trip version at this seat's last change (snapshots carry it too). */
  v?: number;
}

export interface SeatUpdateEntry {
  id: string;
  held: number;
  sold: number;
  v: number;
}

export interface SeatSnapshot {
  tripId: string;
  version: number;
  seats: SeatOccupancy[];
}

export interface SeatUpdate {
  tripId: string;
  version: number;
  seats: SeatUpdateEntry[];
}

export interface Hold {
  holdId: string;
  tripId: string;
  seatIds: string[];
  from: string;
  to: string;
  expiresAt: string;
  /** Extension: whether the one allowed extension was used. */
  extended?: boolean;
}

/**
 * v1: confirmed | cancelled. Extension (payments, docs/payments.md): `pending` while the payment is in
 * flight (no seat sold yet), then `confirmed` once captured, `failed` (declined or abandoned by the
 * payer; the hold lives on) or `expired` (the hold ended first; money captured late is refunded).
 */
export const OrderStatus = {
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  pending: 'pending',
  failed: 'failed',
  expired: 'expired',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export interface Ticket {
  seatId: string;
  passengerName: string;
  fare: number;
  /** Extension fields for the ticket page. */
  coach?: string;
  class?: string;
  /** Extension (partial cancellation): this passenger's ticket was cancelled, refunding `refund`. */
  cancelled?: boolean;
  refund?: number;
  /** Extension (gate check): when and where the passenger boarded. */
  boardedAt?: string | null;
  boardedGate?: string | null;
  /** Extension (tickets): the signed QR token (compact JWS, EdDSA) of a live ticket of a confirmed order. */
  qr?: string;
}

/** Extension (tickets): what a ticket's QR token says, verifiable offline with `GET /api/tickets/jwks`. */
export interface TicketClaims {
  v: 1;
  pnr: string;
  order: string;
  trip: string;
  date: string;
  train: string;
  from: string;
  to: string;
  seat: string;
  coach: string;
  name: string;
}

/** Extension (tickets): a gate check's answer. */
export type GateResult = 'valid' | 'already_used' | 'cancelled' | 'wrong_trip' | 'invalid' | 'not_found';
export interface GateScanResponse {
  result: GateResult;
  message: string;
  pnr?: string;
  passengers?: Array<{
    seatId: string;
    coach?: string;
    name: string;
    result: GateResult;
    boardedAt?: string | null;
    boardedGate?: string | null;
  }>;
}

/** Extension (docs/payments.md): the payment of an order, as the passenger sees it. */
export interface OrderPayment {
  provider: string;
  status: 'pending' | 'captured' | 'failed' | 'cancelled' | 'refunded';
  /** Where the payer completes the payment (the provider's hosted page), while pending. */
  redirectUrl?: string;
  /** The order expires unpaid at this instant (the hold's expiry plus a bounded grace). */
  payBy?: string;
}

export interface Order {
  id: string;
  pnr: string;
  tripId: string;
  from: string;
  to: string;
  status: OrderStatus;
  total: number;
  currency: string;
  tickets: Ticket[];
  /** Extension fields. */
  createdAt?: string;
  trainName?: string;
  trainNameBn?: string;
  trainNumber?: string;
  date?: string;
  departsAt?: string | null;
  arrivesAt?: string | null;
  /** Extension (payments): the payment, when a provider is on; money refunded so far. */
  payment?: OrderPayment;
  refunded?: number;
  paidAt?: string | null;
}

export type Role = 'passenger' | 'operator' | 'staff' | 'kiosk';

export interface User {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  guest: boolean;
  /** Extension (v1.1 identity): the account's phone was verified by a one-time code. */
  verified?: boolean;
  /** Extension: the verified phone, masked ("+8801•••••5678"). */
  phone?: string | null;
}

export interface ClassAvailability {
  class: string;
  fare: number;
  available: number;
}

export interface TripSummary {
  id: string;
  trainName: string;
  /** Extension: the train's name in Bangla script, when the catalog has one. */
  trainNameBn?: string;
  trainNumber: string;
  date: string;
  from: string;
  to: string;
  departsAt: string | null;
  arrivesAt: string | null;
  classes: ClassAvailability[];
  /** v1.1: this journey can be held right now by a passenger. */
  bookable: boolean;
  /** v1.1: the state of the trip's sale. */
  saleState: SaleState;
  /** Extension: why it cannot be booked now, when it cannot ('departed', 'cutoff', or the sale state). */
  closedReason?: 'departed' | 'cutoff' | 'upcoming' | 'paused' | 'closed' | 'cancelled';
  /** Extension: the trip's sale (for its opening time and waiting room). */
  sale?: Sale;
}

export type Mode = 'cache' | 'database';

export interface Readiness {
  redis: 'up' | 'down';
  postgres: 'up' | 'down';
  mode: Mode;
  /** Extension: present (true) while the instance is stopping (it answers 503 then). */
  draining?: boolean;
}

/** `GET /api/ops/trips` (extension, operators only): one trip's live figures. */
export interface OpsTripFigures {
  tripId: string;
  /** Holds granted / refused as taken per second, across every instance, since the previous reading. */
  holdsPerSec: number;
  conflictsPerSec: number;
  /** Since the trip's cache was loaded. */
  holdsTotal: number;
  conflictsTotal: number;
  /** Sockets watching the trip. */
  watchers: number;
}

/** v1.1 waiting room: the answer of `queue:join` / `POST /api/queue/:tripId`. */
export interface QueueStatus {
  state: 'waiting' | 'admitted';
  position?: number;
  etaSeconds?: number;
  expiresAt?: string;
  /** Extension: the sale the queue belongs to. */
  saleId?: string;
  /** Extension (waiting room): 'lottery' before the pre-queue is drawn (no position yet), then 'queue'. */
  phase?: 'lottery' | 'queue';
  /** Extension: my entrant hash in the sale's published lottery list (see `GET /api/sales/:id/lottery`). */
  entrant?: string;
  /** Extension: how many people are in the lottery so far (phase 'lottery'). */
  entrants?: number;
}
