'use client';

import { useTranslations } from 'next-intl';
import styles from './kiosk.module.css';

/**
 * The "call staff" state: the kiosk shows, large and announced, that help was asked for, until the
 * customer cancels or the kiosk resets. (It is shown on this kiosk; no staff console listens yet.)
 */
export function CallStaffBanner({ onCancel }: { onCancel: () => void }) {
  const t = useTranslations('kiosk');
  return (
    <div className={styles.staff} role="alert" data-testid="staff-called">
      <span>{t('staffComing')}</span>
      <button type="button" className={styles.bigButton} onClick={onCancel}>
        {t('cancelCall')}
      </button>
    </div>
  );
}
