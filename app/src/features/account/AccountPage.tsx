'use client';

import type { User } from '@fastpass/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '@/lib/api';
import { SESSION_EVENT, clearSession, saveSession, storedUser } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import { useApi } from '@/lib/use-api';
import styles from './account.module.css';
import { FormError } from './FormError';
import { PhoneVerification } from './PhoneVerification';

function message(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'UNAUTHENTICATED') return 'Wrong email or password.';
    if (e.code === 'RATE_LIMITED') return `Too many attempts. ${e.message}.`;
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Register, log in, or continue as a guest. */
export function AccountPage() {
  const api = useApi();
  const [user, setUser] = useState<User | null>(null);
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction(message);

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
      <h1>Account</h1>
      <section className={styles.card} aria-labelledby="who">
        <h2 id="who" className={styles.h2}>
          Signed in
        </h2>
        {user ? (
          <p data-testid="current-user">
            {user.guest ? 'Guest passenger' : user.name}
            {user.email ? ` · ${user.email}` : ''}
            {user.role === 'operator' ? ' · operator' : ''}
            {user.verified ? ' · phone verified' : ''}
          </p>
        ) : (
          <p>Not signed in. A guest session starts when you hold a seat.</p>
        )}
        <div className={styles.row}>
          <button
            type="button"
            className={styles.secondary}
            disabled={busy}
            onClick={() => run(async () => saveSession(await api.guest()))}
          >
            Continue as guest
          </button>
          {user ? (
            <button type="button" className={styles.secondary} onClick={clearSession}>
              Sign out
            </button>
          ) : null}
        </div>
      </section>

      <PhoneVerification user={user} />

      <section className={styles.card} aria-labelledby="auth-title">
        <div className={styles.switch} role="tablist" aria-label="Log in or register">
          <button type="button" role="tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>
            Log in
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'register'}
            onClick={() => setMode('register')}
          >
            Register
          </button>
        </div>
        <h2 id="auth-title" className={styles.h2}>
          {mode === 'login' ? 'Log in' : 'Create an account'}
        </h2>
        <form className={styles.form} onSubmit={onSubmit}>
          {mode === 'register' ? (
            <label>
              <span>Name</span>
              <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
            </label>
          ) : null}
          <label>
            <span>Email</span>
            <input
              required
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="email"
            />
          </label>
          <label>
            <span>Password</span>
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
            {mode === 'login' ? 'Log in' : 'Register'}
          </button>
        </form>
      </section>
    </main>
  );
}
