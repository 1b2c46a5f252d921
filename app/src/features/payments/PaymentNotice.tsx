import styles from './payments.module.css';

/** Shown on the seat map when a payment did not go through: the hold is kept for another try. */
export function PaymentNotice() {
  return (
    <p className={styles.notice} role="alert" data-testid="payment-failed">
      The payment did not go through. Your seats are still held: check out again to retry.
    </p>
  );
}
