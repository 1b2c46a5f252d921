'use client';

import { type ReactNode, createContext, useContext } from 'react';

/** The booking server URL chosen by the root layout at request time (null: derive it from the page's host). */
const BookingUrlContext = createContext<string | null>(null);

export function BookingConfigProvider({ url, children }: { url: string | null; children: ReactNode }) {
  return <BookingUrlContext.Provider value={url}>{children}</BookingUrlContext.Provider>;
}

/** Resolves the booking server URL; only meaningful in the browser. */
export function resolveBookingUrl(configured: string | null): string {
  if (configured) return configured.replace(/\/+$/, '');
  if (typeof window === 'undefined') return 'http://127.0.0.1:4000';
  return `${window.location.protocol}//${window.location.hostname}:4000`;
}

export function useBookingUrl(): string {
  return resolveBookingUrl(useContext(BookingUrlContext));
}
