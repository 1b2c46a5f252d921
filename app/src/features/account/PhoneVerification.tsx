'use client';

import type { PhoneStartResponse, User } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useFormat } from '@/i18n/prefs';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { ApiError } from '@/lib/api';
import { saveSession, storedToken } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import { useApi } from '@/lib/use-api';
import styles from './account.module.css';
import { FormError } from './FormError';

const describeWith = (t: (key: string) => string) => (e: unknown) =>
  e instanceof ApiError && e.code === 'UNAVAILABLE' && e.status === 503
    ? t('unavailable')
    : e instanceof Error
      ? e.message
      : String(e);

/**
 * Proves the passenger holds a phone: enter it, receive a six-digit code, type it. Some sales sell only to
 * verified accounts, and seat allowances are counted per verified phone.
 */
export function PhoneVerification({ user }: { user: User | null }) {
  const t = useTranslations('phone');
  const f = useFormat();
  const describe = useMemo(() => describeWith(t), [t]);
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
  }, [api, user?.verified, setError, describe]);

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
          {t('title')}
        </h2>
        <p data-testid="phone-verified">
          <span className={styles.badge}>{t('verified')}</span> {user.phone}
        </p>
      </section>
    );
  }

  return (
    <section className={styles.card} aria-labelledby="phone-title">
      <h2 id="phone-title" className={styles.h2}>
        {t('verifyTitle')}
      </h2>
      <p className={styles.hint}>{t('hint')}</p>
      {sent ? (
        <form className={styles.form} onSubmit={onVerify}>
          <p>
            {t('sentTo')} <strong>{sent.phone}</strong>. {t('until', { time: f.time(sent.expiresAt) })}
          </p>
          {sent.sandbox ? (
            <p className={styles.hint}>
              {t('sandbox')}{' '}
              <Link href={`/dev/sms?phone=${encodeURIComponent(phone)}`} target="_blank">
                {t('readOutbox')}
              </Link>
              .
            </p>
          ) : null}
          <label>
            <span>{t('code')}</span>
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
              {t('verify')}
            </button>
            <button type="button" className={styles.secondary} disabled={busy} onClick={() => setSent(null)}>
              {t('change')}
            </button>
          </div>
        </form>
      ) : (
        <form className={styles.form} onSubmit={onStart}>
          <label>
            <span>{t('mobile')}</span>
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
            {t('send')}
          </button>
        </form>
      )}
    </section>
  );
}
