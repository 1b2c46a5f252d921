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
