'use client';

import type { Hold } from '@fastpass/shared';
import { useEffect, useState } from 'react';
import { loadHolds, saveHolds } from '@/lib/holds-storage';
import { useApi } from '@/lib/use-api';

const REFRESH_MS = 10_000;

/**
 * My live holds on every trip as the server has them (`GET /api/holds`): a hold made on another device
 * of this account shows here. Re-read when the page becomes visible again and every 10 s; each answer
 * is merged into the device's stored copy (the server's expiry and seats win; a hold this device made a
 * moment ago may not be listed yet, so local ones are kept). `onHolds` hears every answer.
 */
export function useMyHolds(onHolds?: (holds: Hold[]) => void): {
  holds: Hold[] | null;
  error: string | null;
} {
  const api = useApi();
  const [holds, setHolds] = useState<Hold[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () =>
      api
        .myHolds()
        .then((list) => {
          if (stop) return;
          const listed = new Set(list.map((h) => h.holdId));
          saveHolds([...list, ...loadHolds().filter((h) => !listed.has(h.holdId))]);
          setHolds(list);
          setError(null);
          onHolds?.(list);
        })
        .catch((e: Error) => !stop && setError(e.message));
    void load();
    const t = setInterval(load, REFRESH_MS);
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop = true;
      clearInterval(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, onHolds]);
  return { holds, error };
}
