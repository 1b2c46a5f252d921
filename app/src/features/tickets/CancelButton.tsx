'use client';

import type { Order } from '@fastpass/shared';
import { useState } from 'react';
import styles from './tickets.module.css';

export function CancelButton({ order, cancel }: { order: Order; cancel: (id: string) => Promise<Order> }) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (order.status !== 'confirmed') return null;
  if (!confirming) {
    return (
      <button type="button" className={styles.cancel} onClick={() => setConfirming(true)}>
        Cancel ticket
      </button>
    );
  }
  return (
    <div className={styles.confirm} role="group" aria-label="Confirm cancellation">
      <span>Cancel PNR {order.pnr}? The seats go back on sale.</span>
      <button
        type="button"
        className={styles.cancel}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await cancel(order.id);
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
            setConfirming(false);
          }
        }}
      >
        Yes, cancel
      </button>
      <button type="button" className={styles.keep} onClick={() => setConfirming(false)}>
        Keep
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
