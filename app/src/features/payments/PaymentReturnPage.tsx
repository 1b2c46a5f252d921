'use client';

import type { Order } from '@fastpass/shared';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError } from '@/lib/api';
import { forgetHold, loadHolds } from '@/lib/holds-storage';
import { useApi } from '@/lib/use-api';
import styles from './payments.module.css';

const POLL_MS = 1000;

const mapUrl = (o: Order, extra = '') =>
  `/trips/${encodeURIComponent(o.tripId)}?from=${encodeURIComponent(o.from)}&to=${encodeURIComponent(o.to)}${extra}`;

/**
 * Where the payment provider sends the payer back. The order's status is the truth (the webhook may
 * still be on its way), so this waits for it: confirmed → the ticket; failed → back to the seat map,
 * whose hold is still there to pay again; expired → the seats are gone and the money comes back.
 */
export function PaymentReturnPage({ orderId }: { orderId: string }) {
  const api = useApi();
  const router = useRouter();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { order: o } = await api.order(orderId);
        if (stop) return;
        setOrder(o);
        if (o.status === 'confirmed') {
          for (const h of loadHolds())
            if (h.tripId === o.tripId && h.seatIds.every((s) => o.tickets.some((t) => t.seatId === s)))
              forgetHold(h.holdId);
          router.replace(`/tickets/${encodeURIComponent(o.id)}`);
          return;
        }
        if (o.status === 'failed') {
          router.replace(mapUrl(o, '&payment=failed'));
          return;
        }
        if (o.status !== 'pending') return;
      } catch (e) {
        if (stop) return;
        setError(e instanceof ApiError ? e.message : String(e));
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, orderId, router]);

  return (
    <main className={styles.page}>
      <h1>Payment</h1>
      {error ? (
        <p className={styles.error} role="alert">
          {error} — still checking…
        </p>
      ) : null}
      {!order || order.status === 'pending' || order.status === 'confirmed' || order.status === 'failed' ? (
        <p className={styles.status} aria-busy="true" role="status">
          Waiting for the payment provider to confirm…
        </p>
      ) : (
        <div role="alert">
          <p className={styles.status}>
            {order.status === 'expired'
              ? 'Your hold ended before the payment arrived. The seats went back on sale; any money taken is refunded.'
              : `This order is ${order.status}.`}
          </p>
          <p>
            <Link href={mapUrl(order)}>Pick seats again</Link>
          </p>
        </div>
      )}
    </main>
  );
}
