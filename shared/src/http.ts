/** Response shapes of each HTTP route (contract.md, "HTTP"). */
import type {
  Hold,
  OpsTripFigures,
  Order,
  QueueStatus,
  Sale,
  Readiness,
  SeatSnapshot,
  Station,
  Trip,
  TripSummary,
  User,
} from './domain';

export interface AuthResponse {
  token: string;
  user: User;
}
export type StationsResponse = Station[];
export type TripsResponse = TripSummary[];
export type TripResponse = Trip;
export type SeatsResponse = SeatSnapshot;
export type HoldResponse = Hold;
/** Extension: `GET /api/holds`, my live holds on every trip, soonest expiry first. */
export type MyHoldsResponse = Hold[];
export interface OrderResponse {
  order: Order;
}
export type OrdersResponse = Order[];
export type ReadyzResponse = Readiness;
export type OpsTripsResponse = OpsTripFigures[];
export type QueueJoinResponse = QueueStatus;
/** Extension: a sale with its trips and waiting-room settings (`GET /api/sales/:id`, operator routes). */
export interface SaleDetails extends Sale {
  tripIds: string[];
  admitPerMinute: number;
  admissionMinutes: number;
}

/** `POST /api/auth/phone/start` → 202: a code was sent to `phone` (masked) and works until `expiresAt`. */
export interface PhoneStartResponse {
  phone: string;
  expiresAt: string;
  /** The sandbox SMS provider is on: the code is readable at `GET /api/dev/sms` (development only). */
  sandbox: boolean;
}
/** `POST /api/auth/phone/verify` → 200: a fresh token carrying the verified identity. */
export type PhoneVerifyResponse = AuthResponse;
/** `GET /api/auth/me` → 200. */
export interface MeResponse {
  user: User;
}
export interface SandboxSms {
  to: string;
  body: string;
  sentAt: string;
}
/** `GET /api/dev/sms?phone=` → 200, newest first (sandbox SMS provider only). */
export interface DevSmsResponse {
  messages: SandboxSms[];
}

/**
 * Extension: `GET /api/sales/:id/lottery` — the provably fair draw of a queued sale's pre-queue
 * (docs/waiting-room.md). The commitment is public before opening; the entrants once the pre-queue is
 * frozen at `opensAt`; the seed and the drawn order once the sale has opened.
 */
export interface LotteryInfo {
  saleId: string;
  algorithm: string;
  commitment: string;
  committedAt: string;
  opensAt: string | null;
  drawn: boolean;
  /** Every entrant hash, sorted ascending (present once the pre-queue is frozen). */
  entrants?: string[];
  seed?: string;
  /** The entrants in drawn order: place 1 first (present once drawn). */
  order?: string[];
  /** hex(SHA-256(order joined by '\n')). */
  digest?: string;
}
