'use client';

import { type AuthResponse, inviteAcceptSchema } from '@fastpass/shared';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { useBookingUrl } from '@/lib/config';
import { saveSession } from '@/lib/session';
import styles from './console.module.css';
import { Alert, Field, invalid, issuesOf } from './form';

/** An invited staff member chooses a password with the one-time token from the invitation link. */
export function AcceptInvitePage({ token }: { token: string }) {
  const url = useBookingUrl();
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<AuthResponse | null>(null);
  const errors = touched ? issuesOf(inviteAcceptSchema, { token, password }) : {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(issuesOf(inviteAcceptSchema, { token, password })).length) return;
    const res = await fetch(`${url}/api/staff/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password }),
    }).catch(() => null);
    if (!res) return setFailure('Cannot reach the booking server');
    const body = await res.json().catch(() => null);
    if (!res.ok) return setFailure(body?.error?.message ?? `HTTP ${res.status}`);
    saveSession(body as AuthResponse);
    setDone(body as AuthResponse);
  }

  return (
    <main className={styles.main} style={{ maxWidth: 560 }}>
      <h1>Join FastPass staff</h1>
      {done ? (
        <p className={styles.note} role="status">
          Welcome, {done.user.name}. You are signed in as {done.user.role}.{' '}
          {done.user.role === 'operator' ? (
            <Link href="/ops">Open the console</Link>
          ) : (
            <Link href="/account">Your account</Link>
          )}
        </p>
      ) : (
        <form className={styles.card} onSubmit={submit} noValidate>
          <p className={styles.lead}>Choose a password for your account (at least 8 characters).</p>
          {errors.token ? (
            <Alert error="This invitation link is incomplete: ask an operator for a new one." />
          ) : null}
          <Field id="inv-password" label="Password" error={errors.password}>
            <input
              id="inv-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              {...invalid('inv-password', errors.password)}
            />
          </Field>
          <Alert error={failure} />
          <p>
            <button type="submit" className={styles.button}>
              Set password and sign in
            </button>
          </p>
        </form>
      )}
    </main>
  );
}
