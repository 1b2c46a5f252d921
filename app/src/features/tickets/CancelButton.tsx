'use client';

import type { Order } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import styles from './tickets.module.css';

export function CancelButton({ order, cancel }: { order: Order; cancel: (id: string) => Promise<Order> }) {
  const t = useTranslations('tickets');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (order.status !== 'confirmed') return null;
  if (!confirming) {
    return (
      <button type="button" className={styles.cancel} onClick={() => setConfirming(true)}>
        {t('cancel')}
      </button>
    );
  }
  return (
    <div className={styles.confirm} role="group" aria-label={t('confirmCancel')}>
      <span>{t('cancelQuestion', { pnr: order.pnr })}</span>
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
        {t('yesCancel')}
      </button>
      <button type="button" className={styles.keep} onClick={() => setConfirming(false)}>
        {t('keep')}
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
