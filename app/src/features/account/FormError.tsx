import styles from './account.module.css';

/** A form's failure, announced by screen readers as soon as it appears. */
export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className={styles.error}>
      {error}
    </p>
  ) : null;
}
