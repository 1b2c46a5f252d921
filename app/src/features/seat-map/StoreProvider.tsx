'use client';

import type { Hold } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { type ReactNode, createContext, useContext, useEffect, useState } from 'react';
import { tripMessages } from './messages';
import { useStore } from 'zustand';
import { type TripActions, type TripState, type TripStore, createTripStore } from './store';

const TripStoreContext = createContext<TripStore | null>(null);

export function TripStoreProvider(props: {
  tripId: string;
  from?: string;
  to?: string;
  holds?: Hold[];
  children: ReactNode;
}) {
  const { children, ...init } = props;
  const t = useTranslations('tripMessages');
  const [store] = useState(() => createTripStore({ ...init, messages: tripMessages(t) }));
  // A language switch keeps the page (and its live connection): later notices use the new language.
  useEffect(() => store.getState().setMessages(tripMessages(t)), [store, t]);
  return <TripStoreContext.Provider value={store}>{children}</TripStoreContext.Provider>;
}

export function useTripStoreApi(): TripStore {
  const store = useContext(TripStoreContext);
  if (!store) throw new Error('useTripStore must be used inside <TripStoreProvider>');
  return store;
}

export function useTripStore<T>(selector: (state: TripState & TripActions) => T): T {
  return useStore(useTripStoreApi(), selector);
}
