'use client';

import type { User } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '@/lib/api';
import { SESSION_EVENT, clearSession, saveSession, storedUser } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import { useApi } from '@/lib/use-api';
import styles from './account.module.css';
import { FormError } from './FormError';
import { PhoneVerification } from './PhoneVerification';

function message(e: unknown, t: (key: string, v?: Record<string, string>) => string): string {
  if (e instanceof ApiError) {
    if (e.code === 'UNAUTHENTICATED') return t('wrongPassword');
    if (e.code === 'RATE_LIMITED') return t('tooMany', { message: e.message });
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Register, log in, or continue as a guest. */
export function AccountPage() {
  const t = useTranslations('account');
  const api = useApi();
  const [user, setUser] = useState<User | null>(null);
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction((e) => message(e, t));

  useEffect(() => {
    const sync = () => setUser(storedUser());
    sync();
    window.addEventListener(SESSION_EVENT, sync);
    window.addEventListener('storage', sync);
    return () => {
      window.removeEventListener(SESSION_EVENT, sync);
      window.removeEventListener('storage', sync);
    };
  }, []);

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void run(async () => {
      const auth =
        mode === 'login'
          ? await api.login({ email, password })
          : await api.register({ email, password, name });
      saveSession(auth);
      setPassword('');
    });
  }

  return (
    <main className={styles.page}>
      <h1>{t('title')}</h1>
      <section className={styles.card} aria-labelledby="who">
        <h2 id="who" className={styles.h2}>
          {t('signedIn')}
        </h2>
        {user ? (
          <p data-testid="current-user">
            {user.guest ? t('guest') : user.name}
            {user.email ? ` · ${user.email}` : ''}
            {user.role === 'operator' ? t('operator') : ''}
            {user.verified ? t('verified') : ''}
          </p>
        ) : (
          <p>{t('notSignedIn')}</p>
        )}
        <div className={styles.row}>
          <button
            type="button"
            className={styles.secondary}
            disabled={busy}
            onClick={() => run(async () => saveSession(await api.guest()))}
          >
            {t('continueGuest')}
          </button>
          {user ? (
            <button type="button" className={styles.secondary} onClick={clearSession}>
              {t('signOut')}
            </button>
          ) : null}
        </div>
      </section>

      <PhoneVerification user={user} />

      <section className={styles.card} aria-labelledby="auth-title">
        <div className={styles.switch} role="tablist" aria-label={t('loginOrRegister')}>
          <button type="button" role="tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>
            {t('login')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'register'}
            onClick={() => setMode('register')}
          >
            {t('register')}
          </button>
        </div>
        <h2 id="auth-title" className={styles.h2}>
          {mode === 'login' ? t('login') : t('createAccount')}
        </h2>
        <form className={styles.form} onSubmit={onSubmit}>
          {mode === 'register' ? (
            <label>
              <span>{t('name')}</span>
              <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
            </label>
          ) : null}
          <label>
            <span>{t('email')}</span>
            <input
              required
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="email"
            />
          </label>
          <label>
            <span>{t('password')}</span>
            <input
              required
              type="password"
              minLength={mode === 'register' ? 8 : 1}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            />
          </label>
          <FormError error={error} />
          <button type="submit" className={styles.primary} disabled={busy}>
            {mode === 'login' ? t('login') : t('register')}
          </button>
        </form>
      </section>
    </main>
  );
}
