'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useFormat } from '@/i18n/prefs';
import styles from './seat-map.module.css';

/** Time left on a hold, from the server's `expiresAt`; warns in the last minute. */
export function Countdown({ expiresAt, onExpire }: { expiresAt: string; onExpire?: () => void }) {
  const t = useTranslations('trip');
  const f = useFormat();
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const left = end - now;
  const expired = left <= 0;
  useEffect(() => {
    if (expired) onExpire?.();
  }, [expired, onExpire]);
  const warn = left <= 60_000;
  return (
    <span
      className={`${styles.countdown} ${warn ? styles.warn : ''}`}
      data-warn={warn ? 'true' : undefined}
      data-expired={left <= 0 ? 'true' : undefined}
      role="timer"
      aria-label={left > 0 ? t('holdEndsIn', { time: f.countdown(left) }) : t('holdExpired')}
    >
      {left > 0 ? `◷ ${f.countdown(left)}` : t('expired')}
    </span>
  );
}
