'use client';

import Link from 'next/link';
import { CancelButton } from './CancelButton';
import { QrCode } from './QrCode';
import { TicketDetails, qrPayload } from './TicketDetails';
import { useOrders } from './useOrders';
import styles from './tickets.module.css';

export function TicketPage({ orderId }: { orderId: string }) {
  const { orders, error, cancel } = useOrders();
  const order = orders?.find((o) => o.id === orderId);
  return (
    <main className={styles.page}>
      <p>
        <Link href="/tickets">← My tickets</Link>
      </p>
      <h1>Your ticket</h1>
      {error ? <p role="alert">Could not load the ticket: {error}</p> : null}
      {orders === null && !error ? <p aria-busy="true">Loading…</p> : null}
      {orders && !order ? <p>No such ticket in this account.</p> : null}
      {order ? (
        <article className={`${styles.card} ${styles.ticket}`} data-order-id={order.id}>
          <TicketDetails order={order} />
          <div className={styles.qr}>
            {order.status === 'confirmed' ? (
              <QrCode text={qrPayload(order)} label={`QR code for PNR ${order.pnr}`} />
            ) : (
              <p className={styles.void}>Cancelled — this ticket is void.</p>
            )}
          </div>
          <div className={styles.cardActions}>
            <CancelButton order={order} cancel={cancel} />
          </div>
        </article>
      ) : null}
    </main>
  );
}
