'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError, type SandboxPaymentView } from '@/lib/api';
import { useFormat } from '@/i18n/prefs';
import { useApi } from '@/lib/use-api';
import styles from './payments.module.css';

type Outcome = 'pay' | 'fail' | 'cancel' | 'slow';

const OUTCOMES: Outcome[] = ['pay', 'fail', 'cancel', 'slow'];

/**
 * The sandbox gateway's hosted payment page. A real gateway serves this on its own site; the sandbox
 * lets a developer choose what the payer does, then sends them back to FastPass like a gateway would.
 */
export function SandboxPayPage({ paymentRef }: { paymentRef: string }) {
  const t = useTranslations('payment');
  const f = useFormat();
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
          <span id="gw-title">{t('gateway')}</span>
          <span className={styles.sandboxTag}>{t('sandboxTag')}</span>
        </div>
        <div className={styles.body}>
          {error ? (
            <p className={styles.error} role="alert">
              {error}
            </p>
          ) : null}
          {!view && !error ? <p aria-busy="true">{t('loading')}</p> : null}
          {view ? (
            <>
              <p className={styles.muted}>{view.description}</p>
              <p className={styles.amount} data-testid="pay-amount">
                {f.money(view.amount, view.currency)}
              </p>
              {view.status === 'pending' ? (
                <div className={styles.outcomes} role="group" aria-label={t('choose')}>
                  {OUTCOMES.map((o) => (
                    <button
                      key={o}
                      type="button"
                      className={`${styles.outcome} ${o === 'pay' ? styles.pay : ''}`}
                      disabled={busy !== null}
                      aria-busy={busy === o}
                      onClick={() => choose(o)}
                    >
                      {o === 'pay' ? t('pay', { amount: f.money(view.amount, view.currency) }) : t(o)}
                      <small>{t(`${o}Hint`)}</small>
                    </button>
                  ))}
                </div>
              ) : (
                <>
                  <p className={styles.status}>{t('paymentIs', { status: view.status })}</p>
                  <button
                    type="button"
                    className={styles.outcome}
                    onClick={() => router.push(view.returnUrl)}
                  >
                    {t('back')}
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
