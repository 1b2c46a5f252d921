'use client';

import type { GateScanResponse, TicketClaims, User } from '@fastpass/shared';
import type { JWK } from 'jose';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useFormat } from '@/i18n/prefs';
import { ApiError } from '@/lib/api';
import { storedUser } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { CameraScanner } from './CameraScanner';
import { looksLikeToken, ticketKeys, verifyOffline } from './verify-offline';
import styles from './gate.module.css';

const GATE_KEY = 'fastpass.gate.name';

/** What the gate shows: the server's answer, a signature checked offline, or why nothing could be checked. */
interface Shown extends Omit<Partial<GateScanResponse>, 'result' | 'message'> {
  result: GateScanResponse['result'] | 'offline';
  claims?: TicketClaims;
  error?: string;
}

/**
 * Staff gate check: a QR from the camera (or pasted), or a PNR typed in. A QR's signature is checked
 * here first with the cached public key, so a forgery is refused even offline; the server then says
 * whether the ticket is live and boards it once.
 */
export function GatePage() {
  const t = useTranslations('gate');
  const f = useFormat();
  const api = useApi();
  const [user, setUser] = useState<User | null>(null);
  const [keys, setKeys] = useState<JWK[]>([]);
  const [gate, setGate] = useState('');
  const [entry, setEntry] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setUser(storedUser());
    setGate(window.localStorage.getItem(GATE_KEY) ?? t('defaultGate'));
    void ticketKeys(() => api.ticketKeys()).then(setKeys);
  }, [api, t]);

  const check = useCallback(
    async (text: string) => {
      const value = text.trim();
      if (!value) return;
      setBusy(true);
      try {
        if (looksLikeToken(value)) {
          const claims = await verifyOffline(value, keys);
          if (!claims) {
            setShown({ result: 'invalid' });
            return;
          }
          try {
            setShown(await api.gateScan({ token: value, gate }));
          } catch (e) {
            if (!(e instanceof ApiError) || e.code !== 'NETWORK') throw e;
            setShown({ result: 'offline', claims });
          }
        } else {
          setShown(await api.gateScan({ pnr: value, gate }));
        }
      } catch (e) {
        setShown({ result: 'not_found', error: e instanceof Error ? e.message : String(e) });
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
  let verdict = '';
  if (shown?.error) verdict = t('error', { error: shown.error });
  else if (shown?.claims) verdict = t('offline', { ...shown.claims });
  else if (used?.boardedAt)
    verdict = t('usedAt', { gate: used.boardedGate ?? t('aGate'), time: f.time(used.boardedAt) });
  else if (shown && shown.result !== 'offline') verdict = t(`result.${shown.result}`);
  return (
    <main className={styles.page}>
      <h1>{t('title')}</h1>
      {user && !staff ? (
        <p role="alert">
          {t('staffOnly')} <Link href="/account">{t('signInStaff')}</Link>
        </p>
      ) : null}
      <label className={styles.field}>
        {t('gate')}
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
          {t('entry')}
          <input
            value={entry}
            onChange={(e) => setEntry(e.target.value)}
            autoCapitalize="characters"
            autoComplete="off"
            placeholder={t('placeholder')}
          />
        </label>
        <button type="submit" className={styles.primary} disabled={busy} aria-busy={busy}>
          {t('check')}
        </button>
      </form>
      {shown ? (
        <section
          className={`${styles.result} ${styles[shown.result] ?? ''}`}
          data-result={shown.result}
          aria-live="assertive"
        >
          <p className={styles.verdict}>{verdict}</p>
          {shown.pnr ? <p>{t('pnr', { pnr: shown.pnr })}</p> : null}
          <ul className={styles.passengers}>
            {(shown.passengers ?? []).map((p) => (
              <li key={p.seatId}>
                <strong>{p.name}</strong> · {p.coach ? `${p.coach} ` : ''}
                {p.seatId} — {t(`result.${p.result}`)}
                {p.boardedAt && p.result === 'already_used'
                  ? t('boardedAt', { when: f.dateTime(p.boardedAt), gate: p.boardedGate ?? t('aGate') })
                  : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
