import type { Order } from '@fastpass/shared';
import { formatDate, formatMoney, formatTime } from '@/lib/format';
import { classLabel } from '@/features/seat-map/CoachTabs';
import styles from './tickets.module.css';

const STATUS_LABEL: Record<Order['status'], string> = {
  confirmed: '✓ confirmed',
  cancelled: '✕ cancelled',
  pending: '… awaiting payment',
  failed: '✕ payment failed',
  expired: '✕ expired unpaid',
};

/** What a ticket says: PNR, journey, seats, coach, fare. */
export function TicketDetails({ order }: { order: Order }) {
  return (
    <div className={styles.details}>
      <p className={styles.pnr}>
        PNR <strong data-testid="pnr">{order.pnr}</strong>
        <span className={`${styles.status} ${styles[order.status] ?? ''}`} data-status={order.status}>
          {STATUS_LABEL[order.status] ?? order.status}
        </span>
      </p>
      <p className={styles.journey}>
        {order.trainName ? `${order.trainName} #${order.trainNumber ?? ''} · ` : ''}
        <strong>
          {order.from} {formatTime(order.departsAt)} → {order.to} {formatTime(order.arrivesAt)}
        </strong>
        {order.date ? ` · ${formatDate(order.date)}` : ''}
      </p>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Seat</th>
            <th scope="col">Passenger</th>
            <th scope="col" className={styles.num}>
              Fare
            </th>
          </tr>
        </thead>
        <tbody>
          {order.tickets.map((t) => (
            <tr key={t.seatId} data-ticket-seat={t.seatId}>
              <td>
                {t.coach ? `Coach ${t.coach}, ` : ''}
                {t.seatId}
                {t.class ? <span className={styles.muted}> · {classLabel(t.class)}</span> : null}
              </td>
              <td>
                {t.passengerName}
                {t.cancelled ? <span className={styles.muted}> · cancelled</span> : null}
                {t.boardedAt ? <span className={styles.muted}> · boarded</span> : null}
              </td>
              <td className={styles.num}>{formatMoney(t.fare, order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className={styles.num}>
              <strong>{formatMoney(order.total, order.currency)}</strong>
            </td>
          </tr>
          {order.refunded ? (
            <tr>
              <th scope="row" colSpan={2}>
                Refunded
              </th>
              <td className={styles.num} data-testid="refunded">
                {formatMoney(order.refunded, order.currency)}
              </td>
            </tr>
          ) : null}
        </tfoot>
      </table>
    </div>
  );
}

/**
 * What an order's single QR code carries where only one fits (the kiosk's receipt screen): the first
 * passenger's signed token. The ticket page shows one QR per passenger.
 */
export function qrPayload(order: Order): string {
  return order.tickets.find((t) => t.qr)?.qr ?? order.pnr;
}
