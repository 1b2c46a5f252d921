'use client';

import type { SandboxSms } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useFormat } from '@/i18n/prefs';
import { ApiError } from '@/lib/api';
import { useApi } from '@/lib/use-api';
import styles from './dev.module.css';

const POLL_MS = 2000;

/**
 * The sandbox SMS outbox (`GET /api/dev/sms`), refreshed every two seconds so a code appears while the
 * account page waits for it. The booking server answers 404 unless its sandbox provider is on.
 */
export function SmsOutboxPage({ phone }: { phone?: string }) {
  const t = useTranslations('sms');
  const f = useFormat();
  const api = useApi();
  const [messages, setMessages] = useState<SandboxSms[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const r = await api.devSms(phone);
        if (stopped) return;
        setMessages(r.messages);
        setProblem(null);
      } catch (e) {
        if (stopped) return;
        setProblem(
          e instanceof ApiError && e.code === 'NOT_FOUND'
            ? t('off')
            : e instanceof Error
              ? e.message
              : String(e),
        );
      }
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, phone, t]);

  return (
    <main className={styles.page}>
      <h1>{t('title')}</h1>
      <p className={styles.hint}>{phone ? t('hintTo', { phone }) : t('hint')}</p>
      {problem ? (
        <p role="alert" className={styles.error}>
          {problem}
        </p>
      ) : null}
      {messages?.length === 0 ? <p>{t('none')}</p> : null}
      <ul className={styles.list} data-testid="sms-outbox">
        {messages?.map((m) => (
          <li key={`${m.sentAt}-${m.to}-${m.body}`} className={styles.message}>
            <div className={styles.meta}>
              {m.to} · {f.time(m.sentAt)}
            </div>
            <div>{m.body}</div>
          </li>
        ))}
      </ul>
    </main>
  );
}
