'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { MyHolds } from '@/features/my-holds/MyHolds';
import { CancelButton } from './CancelButton';
import { TicketDetails } from './TicketDetails';
import { useOrders } from './useOrders';
import styles from './tickets.module.css';

export function TicketsPage() {
  const t = useTranslations('tickets');
  const { orders, error, cancel } = useOrders();
  return (
    <main className={styles.page}>
      <h1>{t('title')}</h1>
      <MyHolds />
      {error ? <p role="alert">{t('loadError', { error })}</p> : null}
      {orders === null && !error ? <p aria-busy="true">{t('loading')}</p> : null}
      {orders?.length === 0 ? (
        <p>
          {t('none')} <Link href="/">{t('findTrain')}</Link>
        </p>
      ) : null}
      <ul className={styles.list}>
        {orders?.map((o) => (
          <li key={o.id} className={styles.card} data-order-id={o.id}>
            <TicketDetails order={o} />
            <div className={styles.cardActions}>
              <Link href={`/tickets/${encodeURIComponent(o.id)}`}>{t('show')}</Link>
              <CancelButton order={o} cancel={cancel} />
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
