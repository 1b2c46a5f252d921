import { useTranslations } from 'next-intl';
import styles from './payments.module.css';

/** Shown on the seat map when a payment did not go through: the hold is kept for another try. */
export function PaymentNotice() {
  const t = useTranslations('payment');
  return (
    <p className={styles.notice} role="alert" data-testid="payment-failed">
      {t('failedNotice')}
    </p>
  );
}
