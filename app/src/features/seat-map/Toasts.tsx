'use client';

import { useTripStore } from './StoreProvider';
import styles from './seat-map.module.css';

export function Toasts() {
  const toasts = useTripStore((s) => s.toasts);
  const dismiss = useTripStore((s) => s.dismissToast);
  const announcement = useTripStore((s) => s.announcement);
  return (
    <>
      <div className={styles.srOnly} aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      <div className={styles.toasts} role="alert" aria-live="assertive">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`${styles.toast} ${styles[`toast_${t.kind}`] ?? ''}`}
            data-toast={t.kind}
          >
            <span>{t.text}</span>
            <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss">
              ×
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
