import type { Order } from '@fastpass/shared';
import { type Db, prepared } from '../infra/db';
import type { Logger } from '../infra/logger';

export interface Notification {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  orderId: string;
}

/** Where receipts go. A real deployment plugs an e-mail/SMS gateway in here. */
export interface Notifier {
  send(n: Notification): Promise<void>;
}

/** Development and tests: receipts land in the `notifications` table, never on a network. */
export class SandboxOutboxNotifier implements Notifier {
  constructor(private readonly db: Db) {}

  async send(n: Notification): Promise<void> {
    await this.db('notifications').insert({
      channel: n.channel,
      recipient: n.recipient,
      subject: n.subject,
      body: n.body,
      order_id: n.orderId,
    });
  }
}

/** Where a buyer's receipts go; a guest has neither. */
export interface BuyerContact {
  email: string | null;
  phone: string | null;
}

const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`;

/** The receipt of a confirmed order, to the buyer's e-mail and verified phone (whichever they have). */
export class Receipts {
  constructor(
    private readonly deps: {
      db: Db;
      notifier: Notifier;
      view: (orderId: string) => Promise<Order>;
      log: Logger;
    },
  ) {}

  /**
   * Never throws: a receipt that cannot be sent is logged, the sale stands. `known` is the order as the
   * purchase just answered it and `buyer` its buyer's contact, read with the order's insert; without
   * them they are read. The contact comes first: a guest has none, and a rush is mostly guests, so
   * their orders are never read back for nothing.
   */
  async sendFor(orderId: string, known?: Order, buyer?: BuyerContact): Promise<void> {
    try {
      const user = buyer ?? (await this.contactOf(orderId));
      if (!user?.email && !user?.phone) return;
      const order = known ?? (await this.deps.view(orderId));
      const seats = order.tickets.map((t) => `${t.passengerName} (${t.coach ?? ''} ${t.seatId})`).join(', ');
      const line = `PNR ${order.pnr}: ${order.trainName ?? ''} #${order.trainNumber ?? ''} ${order.from}→${order.to} ${order.date ?? ''}`;
      const subject = `FastPass ticket ${order.pnr}`;
      if (user?.email)
        await this.deps.notifier.send({
          channel: 'email',
          recipient: user.email,
          subject,
          body: `${line}\nPassengers: ${seats}\nPaid: ${money(order.total, order.currency)}\nYour ticket and its QR codes: /tickets/${order.id} (or look it up by PNR and phone).`,
          orderId,
        });
      if (user?.phone)
        await this.deps.notifier.send({
          channel: 'sms',
          recipient: user.phone,
          subject,
          body: `${line}, ${order.tickets.length} seat(s), ${money(order.total, order.currency)}. Show PNR ${order.pnr} at the gate.`,
          orderId,
        });
    } catch (err) {
      this.deps.log.warn({ err: String(err), orderId }, 'receipt not sent');
    }
  }

  /** Plain SQL, prepared: one per order confirmed after a payment (see `prepared`). */
  private async contactOf(orderId: string): Promise<BuyerContact | undefined> {
    const { rows } = await prepared<{ rows: BuyerContact[] }>(
      this.deps.db,
      'receipts.contact-1',
      'SELECT u.email, u.phone FROM users u JOIN orders o ON o.user_id = u.id WHERE o.id = ? LIMIT 1',
      [orderId],
    );
    return rows[0];
  }
}
