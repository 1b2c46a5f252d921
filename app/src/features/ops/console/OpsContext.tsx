'use client';

import type { OpsSalesEvent } from '@fastpass/shared';
import { type ReactNode, createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { openBookingSocket } from '@/lib/booking-socket';
import { useBookingUrl } from '@/lib/config';
import { type OpsApi, createOpsApi, describeError } from './ops-api';

interface OpsLive {
  api: OpsApi;
  /** Bumped by `catalog:update`: pages showing the catalog read it again. */
  catalogVersion: number;
  /** The latest `ops:sales` push (every second while connected). */
  sales: OpsSalesEvent | null;
  connected: boolean;
}

const OpsContext = createContext<OpsLive | null>(null);

/** One socket per console: operators' figures and catalog changes arrive on it (never polled). */
export function OpsProvider({ children }: { children: ReactNode }) {
  const url = useBookingUrl();
  const api = useMemo(() => createOpsApi(url), [url]);
  const [catalogVersion, setCatalogVersion] = useState(0);
  const [sales, setSales] = useState<OpsSalesEvent | null>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const socket = openBookingSocket(url);
    socket.on('connect', () => {
      setConnected(true);
      socket.emit('ops:watch', {}, () => undefined);
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('catalog:update', (e) => setCatalogVersion(e.version));
    socket.on('ops:sales', setSales);
    return () => {
      socket.disconnect();
    };
  }, [url]);

  const value = useMemo(
    () => ({ api, catalogVersion, sales, connected }),
    [api, catalogVersion, sales, connected],
  );
  return <OpsContext.Provider value={value}>{children}</OpsContext.Provider>;
}

export function useOps(): OpsLive {
  const v = useContext(OpsContext);
  if (!v) throw new Error('useOps outside OpsProvider');
  return v;
}

/** Data for a console page: loaded once, again after every catalog change and on `reload()`. */
export function useOpsData<T>(load: (api: OpsApi) => Promise<T>) {
  const { api, catalogVersion } = useOps();
  const loader = useRef(load);
  loader.current = load;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: catalogVersion and tick are reload triggers
  useEffect(() => {
    let stop = false;
    loader
      .current(api)
      .then((d) => {
        if (stop) return;
        setData(d);
        setError(null);
      })
      .catch((e) => !stop && setError(describeError(e)));
    return () => {
      stop = true;
    };
  }, [api, catalogVersion, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}
