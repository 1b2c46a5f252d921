'use client';

import type { Stop } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/prefs';
import { useTripStore } from './StoreProvider';
import styles from './seat-map.module.css';

/** From/to within this trip's stops; defaults to origin → terminus. */
export function JourneyPicker({ stops, names }: { stops: Stop[]; names: Record<string, string> }) {
  const t = useTranslations('trip');
  const f = useFormat();
  const from = useTripStore((s) => s.from);
  const to = useTripStore((s) => s.to);
  const setJourney = useTripStore((s) => s.setJourney);
  const fromIdx = stops.findIndex((s) => s.station === from);
  const toIdx = stops.findIndex((s) => s.station === to);

  function change(nextFrom: string, nextTo: string): void {
    const fi = stops.findIndex((s) => s.station === nextFrom);
    let ti = stops.findIndex((s) => s.station === nextTo);
    if (ti <= fi) ti = stops.length - 1;
    const t = stops[ti]?.station ?? nextTo;
    setJourney(nextFrom, t);
    const url = new URL(window.location.href);
    url.searchParams.set('from', nextFrom);
    url.searchParams.set('to', t);
    window.history.replaceState(null, '', url);
  }

  return (
    <fieldset className={styles.journey}>
      <legend className={styles.srOnly}>{t('journey')}</legend>
      <label className={styles.field}>
        <span>{t('from')}</span>
        <select value={from} onChange={(e) => change(e.target.value, to)} name="from">
          {stops.slice(0, -1).map((s) => (
            <option key={s.station} value={s.station}>
              {names[s.station] ?? s.station} ({s.station}) · {f.time(s.departsAt)}
            </option>
          ))}
        </select>
      </label>
      <span className={styles.arrow} aria-hidden="true">
        →
      </span>
      <label className={styles.field}>
        <span>{t('to')}</span>
        <select value={to} onChange={(e) => change(from, e.target.value)} name="to">
          {stops.slice(fromIdx + 1).map((s) => (
            <option key={s.station} value={s.station}>
              {names[s.station] ?? s.station} ({s.station}) · {f.time(s.arrivesAt)}
            </option>
          ))}
        </select>
      </label>
      <span className={styles.legs}>{toIdx > fromIdx ? t('stops', { count: toIdx - fromIdx }) : ''}</span>
    </fieldset>
  );
}
