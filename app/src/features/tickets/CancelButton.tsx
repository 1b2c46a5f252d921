'use client';

import type { Order } from '@fastpass/shared';
import { useState } from 'react';
import styles from './tickets.module.css';

/**
 * Cancels the order, or only some passengers when it has several live tickets (the refund follows the
 * fee schedule: docs/payments.md).
 */
export function CancelButton({
  order,
  cancel,
}: {
  order: Order;
  cancel: (id: string, seatIds?: string[]) => Promise<Order>;
}) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = order.tickets.filter((t) => !t.cancelled);
  const [chosen, setChosen] = useState<string[]>([]);
  if (order.status !== 'confirmed') return null;
  // Nothing ticked (or every passenger ticked) cancels the whole order.
  const partial = chosen.length > 0 && chosen.length < live.length;
  if (!confirming) {
    return (
      <button type="button" className={styles.cancel} onClick={() => setConfirming(true)}>
        Cancel ticket
      </button>
    );
  }
  return (
    <div className={styles.confirm} role="group" aria-label="Confirm cancellation">
      <span>Cancel PNR {order.pnr}? The seats go back on sale; the refund follows the fee schedule.</span>
      {live.length > 1 ? (
        <fieldset className={styles.choose}>
          <legend>Only some passengers (none ticked: all)</legend>
          {live.map((t) => (
            <label key={t.seatId}>
              <input
                type="checkbox"
                checked={chosen.includes(t.seatId)}
                onChange={(e) =>
                  setChosen((c) => (e.target.checked ? [...c, t.seatId] : c.filter((x) => x !== t.seatId)))
                }
              />{' '}
              {t.passengerName} ({t.seatId})
            </label>
          ))}
        </fieldset>
      ) : null}
      <button
        type="button"
        className={styles.cancel}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await cancel(order.id, partial ? chosen : undefined);
            setChosen([]);
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
