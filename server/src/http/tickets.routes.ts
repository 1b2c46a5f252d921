import { ErrorCode, gateScanSchema, idSchema, ticketLookupSchema } from '@fastpass/shared';
import { Router } from 'express';
import type { AuthService } from '../auth/auth.service';
import type { TokenSigner } from '../auth/tokens';
import { AppError } from '../errors';
import type { RateLimiter } from '../infra/rate-limit';
import type { OrderService } from '../orders/order.service';
import { ticketPdf } from '../tickets/ticket-pdf';
import type { TicketSigner } from '../tickets/ticket-signer';
import type { TicketService } from '../tickets/ticket.service';
import { clientAddress } from './client-address';
import { authenticate, parse } from './middleware';

/** Ticket keys, lookup by PNR + phone, and the staff gate check (docs/payments.md). */
export function ticketRoutes(deps: {
  tickets: TicketService;
  ticketSigner: TicketSigner;
  orders: OrderService;
  tokens: TokenSigner;
  auth: AuthService;
  limiter: RateLimiter;
}): Router {
  const r = Router();
  // Public: a gate caches this and verifies QR codes with no network.
  r.get('/tickets/jwks', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(deps.ticketSigner.jwks());
  });
  r.get('/tickets/lookup', async (req, res) => {
    const q = parse(ticketLookupSchema, req.query);
    await deps.limiter.consume(`lookup:${clientAddress(req)}`);
    const row = await deps.tickets.lookup(q.pnr, q.phone);
    // One answer for a wrong PNR and a wrong phone: a lookup must not confirm that a PNR exists.
    if (!row) throw new AppError(ErrorCode.NOT_FOUND, 'no ticket with this PNR and phone');
    res.json({ order: await deps.orders.view(row.id) });
  });
  r.get('/orders/:orderId/ticket.pdf', async (req, res) => {
    const orderId = parse(idSchema, req.params.orderId);
    const order = await deps.orders.get(authenticate(deps.tokens, req), orderId);
    if (order.status !== 'confirmed' && order.status !== 'cancelled')
      throw new AppError(ErrorCode.NOT_FOUND, 'no ticket: the order is not paid');
    const pdf = await ticketPdf(order);
    res
      .type('application/pdf')
      .set('Content-Disposition', `attachment; filename="fastpass-${order.pnr}.pdf"`)
      .send(Buffer.from(pdf));
  });
  r.post('/gate/scan', async (req, res) => {
    const staff = authenticate(deps.tokens, req);
    await deps.auth.assertRole(staff, ['staff', 'operator'], 'gate staff only');
    const body = parse(gateScanSchema, req.body);
    res.json(await deps.tickets.scan(staff, body));
  });
  return r;
}
