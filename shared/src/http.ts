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
