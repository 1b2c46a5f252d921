import type { GateResult, GateScanResponse, TicketClaims } from '@fastpass/shared';
import type { Principal } from '../auth/tokens';
import type { CatalogService } from '../catalog/catalog.service';
import type { Db } from '../infra/db';
import { normaliseBdPhone } from '../identity/phone';
import type { OrderRow, TicketRow } from '../orders/orders.repo';
import type { TicketSigner } from './ticket-signer';

interface GateTicket extends TicketRow {
  trip_id: string;
  pnr: string;
  status: OrderRow['status'];
}

const MESSAGES: Record<GateResult, string> = {
  valid: 'Valid: board',
  already_used: 'Already used',
  cancelled: 'Cancelled: not valid for travel',
  wrong_trip: 'Wrong train or date',
  invalid: 'Forged or damaged QR code',
  not_found: 'No such ticket',
};

/**
 * Tickets people can use: the signed QR of each passenger, lookup by PNR and phone, and the gate
 * check that boards a passenger once (a conditional update decides, so two gates scanning the same
 * ticket at once board it once).
 */
export class TicketService {
  constructor(private readonly deps: { db: Db; signer: TicketSigner; catalog: CatalogService }) {}

  /** The QR token of one live ticket of a confirmed order. */
  async qrOf(order: OrderRow, ticket: TicketRow): Promise<string> {
    const info = await this.deps.catalog.findTrip(order.trip_id);
    const stops = info?.trip.stops ?? [];
    const claims: TicketClaims = {
      v: 1,
      pnr: order.pnr,
      order: order.id,
      trip: order.trip_id,
      date: info?.trip.date ?? '',
      train: info?.trip.trainNumber ?? '',
      from: stops[order.from_idx]?.station ?? '',
      to: stops[order.to_idx]?.station ?? '',
      seat: ticket.seat_id,
      coach: info?.seatById.get(ticket.seat_id)?.coach.code ?? '',
      name: ticket.passenger_name,
    };
    return this.deps.signer.sign(claims);
  }

  /** The order of a PNR whose buyer's verified phone is `phone`, or undefined. */
  async lookup(pnr: string, phone: string): Promise<OrderRow | undefined> {
    const e164 = normaliseBdPhone(phone);
    if (!e164) return undefined;
    return this.deps
      .db<OrderRow>('orders as o')
      .join('users as u', 'u.id', 'o.user_id')
      .where({ 'o.pnr': pnr, 'u.phone': e164 })
      .first('o.*');
  }

  async scan(
    staff: Principal,
    req: { token?: string; pnr?: string; tripId?: string; gate: string },
  ): Promise<GateScanResponse> {
    let tickets: GateTicket[];
    if (req.token) {
      const claims = await this.deps.signer.verify(req.token);
      if (!claims) return { result: 'invalid', message: MESSAGES.invalid };
      tickets = await this.tickets({ 'o.id': claims.order, 't.seat_id': claims.seat });
    } else {
      tickets = await this.tickets({ 'o.pnr': req.pnr! });
    }
    if (tickets.length === 0) return { result: 'not_found', message: MESSAGES.not_found };

    const passengers: NonNullable<GateScanResponse['passengers']> = [];
    for (const t of tickets) {
      const info = await this.deps.catalog.findTrip(t.trip_id);
      const coach = info?.seatById.get(t.seat_id)?.coach.code;
      const base = { seatId: t.seat_id, name: t.passenger_name, ...(coach ? { coach } : {}) };
      if (t.status !== 'confirmed' || !t.active) {
        passengers.push({ ...base, result: 'cancelled' });
      } else if (req.tripId && req.tripId !== t.trip_id) {
        passengers.push({ ...base, result: 'wrong_trip' });
      } else {
        const boarded = await this.deps
          .db('tickets')
          .where({ order_id: t.order_id, seat_id: t.seat_id, active: true })
          .whereNull('boarded_at')
          .update({ boarded_at: this.deps.db.fn.now(), boarded_gate: req.gate, boarded_by: staff.userId }, [
            'boarded_at',
            'boarded_gate',
          ]);
        const row = (boarded[0] ??
          (await this.deps
            .db('tickets')
            .where({ order_id: t.order_id, seat_id: t.seat_id, active: true })
            .first('boarded_at', 'boarded_gate'))) as {
          boarded_at: Date | null;
          boarded_gate: string | null;
        };
        passengers.push({
          ...base,
          result: boarded.length > 0 ? 'valid' : 'already_used',
          boardedAt: row?.boarded_at?.toISOString() ?? null,
          boardedGate: row?.boarded_gate ?? null,
        });
      }
    }
    const result: GateResult = passengers.some((p) => p.result === 'valid')
      ? 'valid'
      : (passengers[0]?.result ?? 'not_found');
    const used = passengers.find((p) => p.result === 'already_used');
    // When it was used is in `passengers` (ISO): the gate shows it in its own clock and language.
    const message =
      result === 'already_used' && used?.boardedAt
        ? `Already used at ${used.boardedGate ?? 'a gate'}`
        : MESSAGES[result];
    return { result, message, pnr: tickets[0]!.pnr, passengers };
  }

  private tickets(where: Record<string, string>): Promise<GateTicket[]> {
    return this.deps
      .db('tickets as t')
      .join('orders as o', 'o.id', 't.order_id')
      .where(where)
      .orderBy('t.seat_id')
      .select('t.*', 'o.pnr', 'o.status') as unknown as Promise<GateTicket[]>;
  }
}
