'use client';

import type { Hold } from '@fastpass/shared';
import { type ReactNode, createContext, useContext, useState } from 'react';
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
  const [store] = useState(() => createTripStore(init));
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
