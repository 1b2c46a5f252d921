'use client';

import { createContext, useContext } from 'react';
import type { TripConnection } from './socket';

/** The live connection of the trip page (null until the socket is created in the browser). */
export const TripConnectionContext = createContext<TripConnection | null>(null);

export function useTripConnection(): TripConnection | null {
  return useContext(TripConnectionContext);
}
