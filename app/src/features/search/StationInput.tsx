'use client';

import type { Station } from '@fastpass/shared';
import { useLocale, useTranslations } from 'next-intl';
import { localName } from '@/i18n/names';
import styles from './search.module.css';

export function stationText(s: Station, locale = 'en'): string {
  return `${localName(locale, s.name, s.nameBn)} (${s.code})`;
}

/**
 * Resolves what was typed (code, English or Bangla name, or "Name (CODE)") to a station code, or ''
 * when nothing matches.
 */
export function resolveStation(text: string, stations: Station[]): string {
  const t = text.trim().toLowerCase();
  if (!t) return '';
  const names = (s: Station) => [s.name, s.nameBn ?? ''].filter(Boolean).map((n) => n.toLowerCase());
  const exact = stations.find(
    (s) =>
      s.code.toLowerCase() === t ||
      names(s).includes(t) ||
      stationText(s, 'en').toLowerCase() === t ||
      stationText(s, 'bn').toLowerCase() === t,
  );
  if (exact) return exact.code;
  const starts = stations.filter((s) => names(s).some((n) => n.startsWith(t)));
  return starts.length === 1 ? (starts[0]?.code ?? '') : '';
}

/** A type-ahead station picker (native datalist: works with keyboards, screen readers and phones). */
export function StationInput(props: {
  id: string;
  label: string;
  value: string;
  stations: Station[];
  onChange: (text: string) => void;
}) {
  const t = useTranslations('search');
  const locale = useLocale();
  return (
    <label className={styles.field} htmlFor={props.id}>
      <span>{props.label}</span>
      <input
        id={props.id}
        name={props.id}
        list={`${props.id}-list`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={t('stationPlaceholder')}
        autoComplete="off"
      />
      <datalist id={`${props.id}-list`}>
        {props.stations.map((s) => (
          <option key={s.code} value={stationText(s, locale)} />
        ))}
      </datalist>
    </label>
  );
}
