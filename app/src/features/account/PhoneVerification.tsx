'use client';

import type { PhoneStartResponse, User } from '@fastpass/shared';
import Link from 'next/link';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '@/lib/api';
import { saveSession, storedToken } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import { useApi } from '@/lib/use-api';
import styles from './account.module.css';
import { FormError } from './FormError';

const describe = (e: unknown) =>
  e instanceof ApiError && e.code === 'UNAVAILABLE' && e.status === 503
    ? 'Phone verification is not available right now.'
    : e instanceof Error
      ? e.message
      : String(e);

/**
 * Proves the passenger holds a phone: enter it, receive a six-digit code, type it. Some sales sell only to
 * verified accounts, and seat allowances are counted per verified phone.
 */
export function PhoneVerification({ user }: { user: User | null }) {
  const api = useApi();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<PhoneStartResponse | null>(null);
  const { busy, error, setError, run } = useAction(describe);

  // A session saved before verification existed lacks `verified`: ask the server once.
  useEffect(() => {
    const token = storedToken();
    if (!token || user?.verified !== undefined) return;
    api
      .me()
      .then(({ user: fresh }) => saveSession({ token, user: fresh }))
      .catch((e: unknown) => setError(describe(e)));
  }, [api, user?.verified, setError]);

  function onStart(e: FormEvent): void {
    e.preventDefault();
    void run(async () => {
      setSent(await api.phoneStart({ phone }));
      setCode('');
    });
  }

  function onVerify(e: FormEvent): void {
    e.preventDefault();
    void run(async () => {
      saveSession(await api.phoneVerify({ phone, code }));
      setSent(null);
    });
  }

  if (user?.verified) {
    return (
      <section className={styles.card} aria-labelledby="phone-title">
        <h2 id="phone-title" className={styles.h2}>
          Phone
        </h2>
        <p data-testid="phone-verified">
          <span className={styles.badge}>Verified</span> {user.phone}
        </p>
      </section>
    );
  }

  return (
    <section className={styles.card} aria-labelledby="phone-title">
      <h2 id="phone-title" className={styles.h2}>
        Verify your phone
      </h2>
      <p className={styles.hint}>
        Some sales are open only to verified passengers. Seat limits count per phone, across accounts.
      </p>
      {sent ? (
        <form className={styles.form} onSubmit={onVerify}>
          <p>
            We sent a code to <strong>{sent.phone}</strong>. It works until{' '}
            {new Date(sent.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.
          </p>
          {sent.sandbox ? (
            <p className={styles.hint}>
              Sandbox SMS: no text is sent.{' '}
              <Link href={`/dev/sms?phone=${encodeURIComponent(phone)}`} target="_blank">
                Read it in the dev outbox
              </Link>
              .
            </p>
          ) : null}
          <label>
            <span>Six-digit code</span>
            <input
              required
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          </label>
          <FormError error={error} />
          <div className={styles.row}>
            <button type="submit" className={styles.primary} disabled={busy || code.length !== 6}>
              Verify
            </button>
            <button type="button" className={styles.secondary} disabled={busy} onClick={() => setSent(null)}>
              Change number
            </button>
          </div>
        </form>
      ) : (
        <form className={styles.form} onSubmit={onStart}>
          <label>
            <span>Mobile number</span>
            <input
              required
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="01XXXXXXXXX"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </label>
          <FormError error={error} />
          <button type="submit" className={styles.primary} disabled={busy}>
            Send code
          </button>
        </form>
      )}
    </section>
  );
}
