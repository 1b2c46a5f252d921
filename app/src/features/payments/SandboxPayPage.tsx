'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError, type SandboxPaymentView } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import styles from './payments.module.css';

type Outcome = 'pay' | 'fail' | 'cancel' | 'slow';

const OUTCOMES: Array<{ outcome: Outcome; label: string; hint: string }> = [
  { outcome: 'pay', label: 'Pay', hint: 'the money is captured' },
  { outcome: 'fail', label: 'Fail', hint: 'the wallet declines' },
  { outcome: 'cancel', label: 'Cancel', hint: 'the payer gives up' },
  { outcome: 'slow', label: 'Slow', hint: 'captured after a delay' },
];

/**
 * The sandbox gateway's hosted payment page. A real gateway serves this on its own site; the sandbox
 * lets a developer choose what the payer does, then sends them back to FastPass like a gateway would.
 */
export function SandboxPayPage({ paymentRef }: { paymentRef: string }) {
  const api = useApi();
  const router = useRouter();
  const [view, setView] = useState<SandboxPaymentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Outcome | null>(null);

  useEffect(() => {
    api
      .sandboxPayment(paymentRef)
      .then(setView)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [api, paymentRef]);

  async function choose(outcome: Outcome) {
    if (!view || busy) return;
    setBusy(outcome);
    try {
      await api.completeSandboxPayment(paymentRef, outcome);
      router.push(view.returnUrl);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBusy(null);
    }
  }

  return (
    <main className={styles.page}>
      <section className={styles.gateway} aria-labelledby="gw-title">
        <div className={styles.banner}>
          <span id="gw-title">FastPass test gateway</span>
          <span className={styles.sandboxTag}>SANDBOX · no real money</span>
        </div>
        <div className={styles.body}>
          {error ? (
            <p className={styles.error} role="alert">
              {error}
            </p>
          ) : null}
          {!view && !error ? <p aria-busy="true">Loading the payment…</p> : null}
          {view ? (
            <>
              <p className={styles.muted}>{view.description}</p>
              <p className={styles.amount} data-testid="pay-amount">
                {formatMoney(view.amount, view.currency)}
              </p>
              {view.status === 'pending' ? (
                <div className={styles.outcomes} role="group" aria-label="Choose what the payer does">
                  {OUTCOMES.map((o) => (
                    <button
                      key={o.outcome}
                      type="button"
                      className={`${styles.outcome} ${o.outcome === 'pay' ? styles.pay : ''}`}
                      disabled={busy !== null}
                      aria-busy={busy === o.outcome}
                      onClick={() => choose(o.outcome)}
                    >
                      {o.outcome === 'pay'
                        ? `${o.label} ${formatMoney(view.amount, view.currency)}`
                        : o.label}
                      <small>{o.hint}</small>
                    </button>
                  ))}
                </div>
              ) : (
                <>
                  <p className={styles.status}>This payment is {view.status}.</p>
                  <button
                    type="button"
                    className={styles.outcome}
                    onClick={() => router.push(view.returnUrl)}
                  >
                    Back to FastPass
                  </button>
                </>
              )}
            </>
          ) : null}
        </div>
      </section>
    </main>
  );
}
