'use client';

import { useLocale } from 'next-intl';
import { type ReactNode, createContext, useContext } from 'react';
import { type Formatter, formatterFor } from '@/lib/format';
import type { Digits } from './locales';

const DigitsContext = createContext<Digits>('beng');

/** The digits choice read from its cookie by the root layout. */
export function DigitsProvider({ digits, children }: { digits: Digits; children: ReactNode }) {
  return <DigitsContext.Provider value={digits}>{children}</DigitsContext.Provider>;
}

export function useDigits(): Digits {
  return useContext(DigitsContext);
}

/** Numbers, money, dates and times in the page's language (Dhaka time, South Asian grouping). */
export function useFormat(): Formatter {
  return formatterFor(useLocale(), useDigits());
}
