import { ErrorCode, type OrderPayment } from '@fastpass/shared';
import type { Principal } from '../auth/tokens';
import type { EffectsSink } from '../booking/effects';
import type { HoldStore } from '../booking/hold-store';
import type { HoldService } from '../booking/hold.service';
import { AppError, notFound } from '../errors';
import { PgCode, type Db, pgCode } from '../infra/db';
import type { Logger } from '../infra/logger';
import { type CacheOutbox, addOutboxOp } from '../orders/cache-outbox';
import type { OrderRow } from '../orders/orders.repo';
import { legMask } from '@fastpass/shared';
import { type PaymentProvider, type ProviderStatus, WebhookRejected } from './provider';

/** Our record of an order's payment (`payments`). */
export interface PaymentRow {
  id: string;
  order_id: string;
  provider: string;
  provider_ref: string;
  amount_minor: number;
  currency: string;
  status: ProviderStatus;
}

export interface PaymentServiceDeps {
  db: Db;
  provider: PaymentProvider;
  holds: HoldService;
  store: () => HoldStore;
  sink: EffectsSink;
  outbox: CacheOutbox;
  log: Logger;
  /** Told of every order that became confirmed (receipts). */
  onConfirmed?: (orderId: string) => void;
}

/** How long a captured payment keeps the hold claimed while it is turned into a sale. */
const CONFIRM_GRACE_MS = 30_000;

/**
 * Money in: an order is `pending` while its payment is in flight, `confirmed` only once the provider
 * says the money is captured. Webhooks, the reconciler and the counter (cash) all end in `settle`,
 * which asks the provider for the truth and moves the order by conditional updates, so a webhook
 * delivered twice, late, out of order, or concurrently with the reconciler changes nothing twice.
 */
export class PaymentService {
  constructor(private readonly deps: PaymentServiceDeps) {}

  get providerName(): string {
    return this.deps.provider.name;
  }

  /** Opens (or finds) the payment of a pending order. */
  async begin(order: OrderRow): Promise<OrderPayment> {
    const existing = await this.paymentOf(order.id);
    if (existing) return this.view(order, existing);
    const intent = await this.deps.provider.createIntent({
      reference: order.id,
      amountMinor: order.total_minor,
      currency: order.currency,
      description: `FastPass ${order.pnr}`,
      returnUrl: `/checkout/return?order=${order.id}`,
    });
    const [row] = await this.deps
      .db<PaymentRow>('payments')
      .insert({
        order_id: order.id,
        provider: this.deps.provider.name,
        provider_ref: intent.ref,
        amount_minor: order.total_minor,
        currency: order.currency,
        status: 'pending',
      })
      .returning('*');
    return this.view(order, row as PaymentRow, intent.redirectUrl);
  }

  async paymentOf(orderId: string): Promise<PaymentRow | undefined> {
    return this.deps
      .db<PaymentRow>('payments')
      .where({ order_id: orderId })
      .orderBy('created_at', 'desc')
      .first();
  }

  view(order: OrderRow, p: PaymentRow, redirectUrl?: string): OrderPayment {
    return {
      provider: p.provider,
      status: p.status,
      ...(p.status === 'pending' && order.status === 'pending'
        ? { redirectUrl: redirectUrl ?? `/pay/${p.provider}/${p.provider_ref}` }
        : {}),
      ...(order.pay_by ? { payBy: order.pay_by.toISOString() } : {}),
    };
  }

  /** A provider webhook: verified, deduplicated by event id, then the payment is settled. */
  async handleWebhook(rawBody: string, headers: Record<string, string | undefined>): Promise<void> {
    let event: ReturnType<PaymentProvider['parseWebhook']>;
    try {
      event = this.deps.provider.parseWebhook(rawBody, headers, Date.now());
    } catch (err) {
      if (err instanceof WebhookRejected)
        throw new AppError(ErrorCode.FORBIDDEN, `webhook refused: ${err.message}`);
      throw err;
    }
    const payment = await this.deps
      .db<PaymentRow>('payments')
      .where({ provider: this.deps.provider.name, provider_ref: event.ref })
      .first();
    if (!payment) throw notFound('payment');
    const fresh = await this.deps
      .db('payment_events')
      .insert({ event_id: event.id, provider_ref: event.ref, type: event.type })
      .onConflict('event_id')
      .ignore()
      .returning('event_id');
    if (fresh.length === 0) return; // a replay: already handled
    try {
      await this.settle(payment);
    } catch (err) {
      // Let the provider retry this event: forget it was seen.
      await this.deps.db('payment_events').where({ event_id: event.id }).del();
      throw err;
    }
  }

  /** Drives our order to what the provider knows. Safe to run any number of times, anywhere. */
  async settle(payment: PaymentRow): Promise<void> {
    const remote = await this.deps.provider.status(payment.provider_ref);
    const order = await this.order(payment.order_id);
    if (remote.status === 'captured') {
      if (order.status === 'pending') await this.captureOrder(order, payment, this.deps.provider.name);
      else if (order.status !== 'confirmed' && order.status !== 'cancelled')
        await this.refundAll(order, payment, 'late');
      else await this.mark(payment, 'captured');
    } else if (remote.status === 'failed' || remote.status === 'cancelled') {
      const before = await this.deps.db<PaymentRow>('payments').where({ id: payment.id }).first('status');
      await this.mark(payment, remote.status);
      // Voided by us (cash at the counter took over, see confirmCash): the provider's "cancelled" event
      // that follows must not fail the order the cash is confirming.
      if (remote.status === 'cancelled' && before?.status === 'cancelled') return;
      await this.deps.db('orders').where({ id: order.id, status: 'pending' }).update({ status: 'failed' });
    } else if (remote.status === 'refunded') {
      await this.mark(payment, 'refunded');
    } else if (order.status === 'pending' && order.pay_by && order.pay_by.getTime() < Date.now()) {
      // Unpaid past the deadline: void at the provider first; a payer who was faster is settled next time.
      const after = await this.deps.provider.cancel(payment.provider_ref);
      if (after.status === 'cancelled') await this.mark(payment, 'cancelled');
      await this.expire(order);
    }
  }

  /** Cash at the counter: a staff member or kiosk takes the money and confirms the order. */
  async confirmCash(orderId: string, by: Principal): Promise<void> {
    const order = await this.order(orderId);
    if (order.status === 'confirmed') return;
    if (order.status !== 'pending')
      throw new AppError(ErrorCode.HOLD_EXPIRED, `the order is ${order.status}`);
    const payment = await this.paymentOf(orderId);
    if (payment) {
      // Marked void before the provider is asked, so its "cancelled" event cannot fail the order.
      await this.mark(payment, 'cancelled');
      const after = await this.deps.provider.cancel(payment.provider_ref);
      // Paid online meanwhile: that payment settles the order, the cash stays in the drawer.
      if (after.status === 'captured') return this.settle(payment);
    }
    const ok = await this.captureOrder(order, null, `cash:${by.userId.slice(0, 18)}`);
    if (!ok) throw new AppError(ErrorCode.HOLD_EXPIRED, 'the hold ended before the cash was taken');
  }

  /** Money is in: the hold must still be live; then tickets go live with their cache op, atomically. */
  private async captureOrder(order: OrderRow, payment: PaymentRow | null, paidBy: string): Promise<boolean> {
    const window = await this.deps.holds.windowOfTrip(order.trip_id);
    const claimed = await this.deps
      .store()
      .claim(order.trip_id, order.hold_id ?? '', order.user_id, CONFIRM_GRACE_MS, window);
    this.deps.sink.publish(claimed.effects);
    if (!claimed.ok) {
      this.deps.log.warn({ orderId: order.id, code: claimed.code }, 'captured after the hold ended');
      await this.expire(order);
      if (payment) await this.refundAll({ ...order, status: 'expired' }, payment, 'hold ended');
      return false;
    }
    let op: Awaited<ReturnType<typeof addOutboxOp>> | null;
    try {
      op = await this.deps.db.transaction(async (tx) => {
        const n = await tx('orders')
          .where({ id: order.id, status: 'pending' })
          .update({ status: 'confirmed', paid_at: tx.fn.now(), paid_by: paidBy });
        if (n === 0) return null;
        const seats = await tx('tickets').where({ order_id: order.id }).update({ active: true }, ['seat_id']);
        if (payment)
          await tx('payments')
            .where({ id: payment.id })
            .update({ status: 'captured', updated_at: tx.fn.now() });
        return addOutboxOp(tx, {
          tripId: order.trip_id,
          kind: 'confirm',
          orderId: order.id,
          holdId: order.hold_id,
          capKey: order.cap_key ?? order.user_id,
          mask: legMask(order.from_idx, order.to_idx),
          seatIds: (seats as Array<{ seat_id: string }>).map((s) => s.seat_id).sort(),
        });
      });
    } catch (err) {
      if (pgCode(err) !== PgCode.exclusionViolation) throw err;
      // The fence refused: a seat went to someone else. The payer gets the money back.
      await this.expire(order);
      if (payment) await this.refundAll({ ...order, status: 'expired' }, payment, 'seat taken');
      return false;
    }
    if (op) {
      await this.deps.outbox.apply(op);
      this.deps.onConfirmed?.(order.id);
    }
    return true;
  }

  private async expire(order: OrderRow): Promise<void> {
    await this.deps.db('orders').where({ id: order.id, status: 'pending' }).update({ status: 'expired' });
  }

  /** Refunds what is left of a payment, once (the conditional update elects one refunder). */
  async refundAll(order: OrderRow, payment: PaymentRow, reason: string): Promise<void> {
    const won = await this.deps
      .db('payments')
      .where({ id: payment.id })
      .whereIn('status', ['pending', 'captured'])
      .update({ status: 'refunded', updated_at: this.deps.db.fn.now() });
    if (won === 0) return;
    const amount = payment.amount_minor - order.refunded_minor;
    await this.refund(payment, amount, reason);
    await this.deps.db('orders').where({ id: order.id }).increment('refunded_minor', amount);
  }

  /**
   * Sends `amountMinor` back through the provider and records it (the order's total is the caller's).
   * The refund row is written first; if the provider cannot be reached it stays without a provider
   * reference and the reconciler sends it again (the provider dedupes by our refund id).
   */
  async refund(payment: PaymentRow, amountMinor: number, reason: string): Promise<void> {
    if (amountMinor <= 0) return;
    const [row] = await this.deps
      .db('refunds')
      .insert({ payment_id: payment.id, amount_minor: amountMinor, reason })
      .returning('id');
    await this.sendRefund(payment.provider_ref, (row as { id: string }).id, amountMinor);
  }

  private async sendRefund(providerRef: string, refundId: string, amountMinor: number): Promise<void> {
    try {
      const { refundRef } = await this.deps.provider.refund(providerRef, amountMinor, refundId);
      await this.deps.db('refunds').where({ id: refundId }).update({ provider_ref: refundRef });
    } catch (err) {
      this.deps.log.warn({ err: String(err), refundId }, 'refund not sent yet; the reconciler retries it');
    }
  }

  /** Refunds recorded but not acknowledged by the provider (it was down): sent again. */
  private async retryRefunds(): Promise<void> {
    const rows = await this.deps
      .db('refunds as r')
      .join('payments as p', 'p.id', 'r.payment_id')
      .whereNull('r.provider_ref')
      .where('r.created_at', '<', this.deps.db.raw(`now() - interval '5 seconds'`))
      .limit(50)
      .select<Array<{ id: string; amount_minor: number; provider_ref: string }>>(
        'r.id',
        'r.amount_minor',
        'p.provider_ref',
      );
    for (const r of rows) await this.sendRefund(r.provider_ref, r.id, r.amount_minor);
  }

  /** One reconciler pass: payments whose webhook may be lost, and orders left unpaid past their time. */
  async reconcileOnce(olderThanMs: number): Promise<number> {
    const rows = await this.deps
      .db<PaymentRow>('payments as p')
      .join('orders as o', 'o.id', 'p.order_id')
      .where((q) =>
        q
          .where('o.status', 'pending')
          .orWhere((q2) => q2.whereIn('o.status', ['failed', 'expired']).where('p.status', 'pending')),
      )
      .where('p.updated_at', '<', this.deps.db.raw('now() - make_interval(secs => ?)', [olderThanMs / 1000]))
      .where('p.created_at', '>', this.deps.db.raw(`now() - interval '2 days'`))
      .orderBy('p.created_at')
      .limit(100)
      .select('p.*');
    for (const p of rows) {
      try {
        // Asked at most once per `olderThanMs` while nothing changes (a real gateway's API is metered).
        await this.deps.db('payments').where({ id: p.id }).update({ updated_at: this.deps.db.fn.now() });
        await this.settle(p);
      } catch (err) {
        this.deps.log.warn({ err: String(err), payment: p.id }, 'reconcile: could not settle');
      }
    }
    await this.retryRefunds();
    return rows.length;
  }

  private async mark(payment: PaymentRow, status: ProviderStatus): Promise<void> {
    await this.deps
      .db('payments')
      .where({ id: payment.id })
      .whereNot({ status: 'refunded' })
      .update({ status, updated_at: this.deps.db.fn.now() });
  }

  private async order(id: string): Promise<OrderRow> {
    const row = await this.deps.db<OrderRow>('orders').where({ id }).first();
    if (!row) throw notFound('order');
    return row;
  }
}
