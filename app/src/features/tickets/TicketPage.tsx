'use client';

import Link from 'next/link';
import { CancelButton } from './CancelButton';
import { QrCode } from './QrCode';
import { TicketActions } from './TicketActions';
import { TicketDetails } from './TicketDetails';
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
          <div className={styles.qrs}>
            {order.status === 'confirmed' ? (
              order.tickets
                .filter((t) => t.qr)
                .map((t) => (
                  <figure key={t.seatId} className={styles.qr}>
                    <QrCode text={t.qr!} label={`QR code for ${t.passengerName}, seat ${t.seatId}`} />
                    <figcaption>
                      {t.passengerName} · {t.coach ? `${t.coach} ` : ''}
                      {t.seatId}
                    </figcaption>
                  </figure>
                ))
            ) : (
              <p className={styles.void}>
                {order.status === 'pending'
                  ? 'Awaiting payment — not valid for travel yet.'
                  : 'This ticket is void.'}
              </p>
            )}
          </div>
          <div className={`${styles.cardActions} ${styles.noPrint}`}>
            {order.status === 'confirmed' ? <TicketActions order={order} /> : null}
            <CancelButton order={order} cancel={cancel} />
          </div>
        </article>
      ) : null}
    </main>
  );
}
