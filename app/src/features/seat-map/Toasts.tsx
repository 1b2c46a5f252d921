'use client';

import { useTranslations } from 'next-intl';
import { useTripStore } from './StoreProvider';
import styles from './seat-map.module.css';

export function Toasts() {
  const t = useTranslations('trip');
  const toasts = useTripStore((s) => s.toasts);
  const dismiss = useTripStore((s) => s.dismissToast);
  const announcement = useTripStore((s) => s.announcement);
  return (
    <>
      <div className={styles.srOnly} aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      <div className={styles.toasts} role="alert" aria-live="assertive">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`${styles.toast} ${styles[`toast_${toast.kind}`] ?? ''}`}
            data-toast={toast.kind}
          >
            <span>{toast.text}</span>
            <button type="button" onClick={() => dismiss(toast.id)} aria-label={t('dismiss')}>
              ×
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
