'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { CheckoutView } from './CheckoutView';
import styles from './checkout.module.css';

export function CheckoutPage({ tripId }: { tripId: string }) {
  const t = useTranslations('checkout');
  const router = useRouter();
  return (
    <main className={styles.page}>
      <h1>{t('title')}</h1>
      {tripId ? (
        <CheckoutView
          tripId={tripId}
          onBack={(journey) =>
            router.push(
              `/trips/${encodeURIComponent(tripId)}${journey ? `?from=${encodeURIComponent(journey.from)}&to=${encodeURIComponent(journey.to)}` : ''}`,
            )
          }
          onDone={(orders) => {
            const first = orders[0];
            router.push(
              orders.length === 1 && first ? `/tickets/${encodeURIComponent(first.id)}` : '/tickets',
            );
          }}
        />
      ) : (
        <p>{t('noTrip')}</p>
      )}
    </main>
  );
}
