'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { CancelButton } from './CancelButton';
import { QrCode } from './QrCode';
import { TicketActions } from './TicketActions';
import { TicketDetails } from './TicketDetails';
import { useOrders } from './useOrders';
import styles from './tickets.module.css';

export function TicketPage({ orderId }: { orderId: string }) {
  const t = useTranslations('tickets');
  const { orders, error, cancel } = useOrders();
  const order = orders?.find((o) => o.id === orderId);
  return (
    <main className={styles.page}>
      <p>
        <Link href="/tickets">{t('back')}</Link>
      </p>
      <h1>{t('yourTicket')}</h1>
      {error ? <p role="alert">{t('ticketLoadError', { error })}</p> : null}
      {orders === null && !error ? <p aria-busy="true">{t('loading')}</p> : null}
      {orders && !order ? <p>{t('noSuch')}</p> : null}
      {order ? (
        <article className={`${styles.card} ${styles.ticket}`} data-order-id={order.id} data-print="ticket">
          <TicketDetails order={order} />
          <div className={styles.qrs}>
            {order.status === 'confirmed' ? (
              order.tickets
                .filter((ticket) => ticket.qr)
                .map((ticket) => (
                  <figure key={ticket.seatId} className={styles.qr}>
                    <QrCode
                      text={ticket.qr!}
                      label={t('qrSeatLabel', { name: ticket.passengerName, seat: ticket.seatId })}
                    />
                    <figcaption>
                      {ticket.passengerName} · {ticket.coach ? `${ticket.coach} ` : ''}
                      {ticket.seatId}
                    </figcaption>
                  </figure>
                ))
            ) : (
              <p className={styles.void}>{order.status === 'pending' ? t('awaitingPayment') : t('void')}</p>
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
