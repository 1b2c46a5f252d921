'use client';

import type { GateScanResponse, User } from '@fastpass/shared';
import type { JWK } from 'jose';
import Link from 'next/link';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '@/lib/api';
import { storedUser } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { CameraScanner } from './CameraScanner';
import { looksLikeToken, ticketKeys, verifyOffline } from './verify-offline';
import styles from './gate.module.css';

const GATE_KEY = 'fastpass.gate.name';

interface Shown extends Omit<Partial<GateScanResponse>, 'result'> {
  result: GateScanResponse['result'] | 'offline';
  message: string;
}

/**
 * Staff gate check: a QR from the camera (or pasted), or a PNR typed in. A QR's signature is checked
 * here first with the cached public key, so a forgery is refused even offline; the server then says
 * whether the ticket is live and boards it once.
 */
export function GatePage() {
  const api = useApi();
  const [user, setUser] = useState<User | null>(null);
  const [keys, setKeys] = useState<JWK[]>([]);
  const [gate, setGate] = useState('Gate 1');
  const [entry, setEntry] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setUser(storedUser());
    setGate(window.localStorage.getItem(GATE_KEY) ?? 'Gate 1');
    void ticketKeys(() => api.ticketKeys()).then(setKeys);
  }, [api]);

  const check = useCallback(
    async (text: string) => {
      const value = text.trim();
      if (!value) return;
      setBusy(true);
      try {
        if (looksLikeToken(value)) {
          const claims = await verifyOffline(value, keys);
          if (!claims) {
            setShown({ result: 'invalid', message: 'Forged or damaged QR code' });
            return;
          }
          try {
            setShown(await api.gateScan({ token: value, gate }));
          } catch (e) {
            if (!(e instanceof ApiError) || e.code !== 'NETWORK') throw e;
            setShown({
              result: 'offline',
              message: `Signature valid: ${claims.name}, ${claims.coach} ${claims.seat}, train ${claims.train} on ${claims.date}. Offline: could not check whether it was used.`,
            });
          }
        } else {
          setShown(await api.gateScan({ pnr: value, gate }));
        }
      } catch (e) {
        setShown({ result: 'not_found', message: e instanceof Error ? e.message : String(e) });
      } finally {
        setBusy(false);
      }
    },
    [api, gate, keys],
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void check(entry);
  }

  const staff = user && (user.role === 'staff' || user.role === 'operator');
  const used = shown?.result === 'already_used' ? shown.passengers?.find((p) => p.boardedAt) : undefined;
  const usedAt = used?.boardedAt ? new Date(used.boardedAt) : null;
  return (
    <main className={styles.page}>
      <h1>Gate check</h1>
      {user && !staff ? (
        <p role="alert">
          This page is for gate staff. <Link href="/account">Sign in with a staff account</Link>.
        </p>
      ) : null}
      <label className={styles.field}>
        Gate
        <input
          value={gate}
          maxLength={64}
          onChange={(e) => {
            setGate(e.target.value);
            window.localStorage.setItem(GATE_KEY, e.target.value);
          }}
        />
      </label>
      <CameraScanner onScan={check} />
      <form className={styles.entry} onSubmit={onSubmit}>
        <label className={styles.field}>
          PNR (or QR text)
          <input
            value={entry}
            onChange={(e) => setEntry(e.target.value)}
            autoCapitalize="characters"
            autoComplete="off"
            placeholder="e.g. K7M2PQ9R"
          />
        </label>
        <button type="submit" className={styles.primary} disabled={busy} aria-busy={busy}>
          Check
        </button>
      </form>
      {shown ? (
        <section
          className={`${styles.result} ${styles[shown.result] ?? ''}`}
          data-result={shown.result}
          aria-live="assertive"
        >
          <p className={styles.verdict}>
            {shown.message}
            {usedAt ? `, ${usedAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ''}
          </p>
          {shown.pnr ? <p>PNR {shown.pnr}</p> : null}
          <ul className={styles.passengers}>
            {(shown.passengers ?? []).map((p) => (
              <li key={p.seatId}>
                <strong>{p.name}</strong> · {p.coach ? `${p.coach} ` : ''}
                {p.seatId} — {p.result.replace('_', ' ')}
                {p.boardedAt && p.result === 'already_used'
                  ? ` (boarded ${new Date(p.boardedAt).toLocaleString()} at ${p.boardedGate ?? '?'})`
                  : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
