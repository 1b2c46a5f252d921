'use client';

import { useTranslations } from 'next-intl';
import { useTripStore } from './StoreProvider';
import styles from './seat-map.module.css';

/** Honest connection state: connected / reconnecting / degraded (server in database mode). */
export function ConnectionBadge() {
  const connection = useTripStore((s) => s.connection);
  const mode = useTripStore((s) => s.mode);
  const state = connection === 'connected' ? (mode === 'database' ? 'degraded' : 'connected') : connection;
  const t = useTranslations('trip');
  return (
    <output className={`${styles.conn} ${styles[`conn_${state}`] ?? ''}`} data-connection={state}>
      <span className={styles.connDot} aria-hidden="true" />
      {t(state)}
    </output>
  );
}
