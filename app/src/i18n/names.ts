'use client';

import type { Station } from '@fastpass/shared';
import { useLocale } from 'next-intl';
import { useMemo } from 'react';

/** The catalog's name in the page's language: the Bangla name when there is one, else the English. */
export function localName(locale: string, name: string, nameBn: string | undefined): string {
  return locale === 'bn' && nameBn ? nameBn : name;
}

/** Station code → name in the page's language. */
export function useStationNames(stations: Station[]): Record<string, string> {
  const locale = useLocale();
  return useMemo(
    () => Object.fromEntries(stations.map((s) => [s.code, localName(locale, s.name, s.nameBn)])),
    [stations, locale],
  );
}

/** A train's name (Trip, TripSummary or Order) in the page's language. */
export function useTrainName(): (t: { trainName?: string; trainNameBn?: string }) => string {
  const locale = useLocale();
  return (t) => localName(locale, t.trainName ?? '', t.trainNameBn);
}
