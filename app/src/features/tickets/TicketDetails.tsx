import type { Order } from '@fastpass/shared';
import { formatDate, formatMoney, formatTime } from '@/lib/format';
import { classLabel } from '@/features/seat-map/CoachTabs';
import styles from './tickets.module.css';

/** What a ticket says: PNR, journey, seats, coach, fare. */
export function TicketDetails({ order }: { order: Order }) {
  return (
    <div className={styles.details}>
      <p className={styles.pnr}>
        PNR <strong data-testid="pnr">{order.pnr}</strong>
        <span className={`${styles.status} ${styles[order.status] ?? ''}`} data-status={order.status}>
          {order.status === 'confirmed' ? '✓ confirmed' : '✕ cancelled'}
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
              <td>{t.passengerName}</td>
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
        </tfoot>
      </table>
    </div>
  );
}

export function qrPayload(order: Order): string {
  return JSON.stringify({
    pnr: order.pnr,
    order: order.id,
    trip: order.tripId,
    seats: order.tickets.map((t) => t.seatId),
  });
}
