'use client';

import Link from 'next/link';
import { CancelButton } from './CancelButton';
import { TicketDetails } from './TicketDetails';
import { useOrders } from './useOrders';
import styles from './tickets.module.css';

export function TicketsPage() {
  const { orders, error, cancel } = useOrders();
  return (
    <main className={styles.page}>
      <h1>My tickets</h1>
      {error ? <p role="alert">Could not load your tickets: {error}</p> : null}
      {orders === null && !error ? <p aria-busy="true">Loading…</p> : null}
      {orders?.length === 0 ? (
        <p>
          No tickets yet. <Link href="/">Find a train</Link>.
        </p>
      ) : null}
      <ul className={styles.list}>
        {orders?.map((o) => (
          <li key={o.id} className={styles.card} data-order-id={o.id}>
            <TicketDetails order={o} />
            <div className={styles.cardActions}>
              <Link href={`/tickets/${encodeURIComponent(o.id)}`}>Show ticket & QR</Link>
              <CancelButton order={o} cancel={cancel} />
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
