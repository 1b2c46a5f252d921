'use client';

import type { Station, TripSummary } from '@fastpass/shared';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { useStationNames } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import { todayInDhaka } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import { StationInput, resolveStation, stationText } from './StationInput';
import { TripCard } from './TripCard';
import styles from './search.module.css';

const REFRESH_MS = 15_000;

/** Journey search; without a journey it lists every trip of the date, origin to terminus. */
export function SearchPage(props: { from: string; to: string; date: string }) {
  const t = useTranslations('search');
  const f = useFormat();
  const locale = useLocale();
  const api = useApi();
  const router = useRouter();
  const [stations, setStations] = useState<Station[]>([]);
  const [fromText, setFromText] = useState(props.from);
  const [toText, setToText] = useState(props.to);
  const [date, setDate] = useState(props.date);
  const [trips, setTrips] = useState<TripSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    api
      .stations()
      .then((list) => {
        setStations(list);
        // Show names instead of bare codes once stations are known.
        const byCode = (c: string) => list.find((s) => s.code === c);
        setFromText((x) => (byCode(x) ? stationText(byCode(x) as Station, locale) : x));
        setToText((x) => (byCode(x) ? stationText(byCode(x) as Station, locale) : x));
      })
      .catch(() => undefined);
  }, [api, locale]);

  useEffect(() => {
    if (!props.date) setDate(todayInDhaka());
  }, [props.date]);

  // Results, refreshed so availability stays live while the page is open.
  useEffect(() => {
    let stop = false;
    const load = () =>
      api
        .trips({ from: props.from || undefined, to: props.to || undefined, date: props.date || undefined })
        .then((list) => {
          if (stop) return;
          setTrips(list);
          setError(null);
        })
        .catch((e: Error) => {
          if (!stop) setError(e.message);
        });
    void load();
    const t = setInterval(load, REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [api, props.from, props.to, props.date]);

  const names = useStationNames(stations);

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    // A search sent before the station list arrived (a slow network) waits for it, not "no match".
    const known = stations.length > 0 ? stations : await api.stations().catch(() => stations);
    const from = resolveStation(fromText, known);
    const to = resolveStation(toText, known);
    const problem =
      fromText && !from
        ? t('noMatch', { text: fromText })
        : toText && !to
          ? t('noMatch', { text: toText })
          : from && to && from === to
            ? t('sameStation')
            : null;
    setFormError(problem);
    if (problem) return;
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    if (date) q.set('date', date);
    router.push(`/?${q.toString()}`);
  }

  function swap(): void {
    setFromText(toText);
    setToText(fromText);
  }

  const heading =
    props.from && props.to
      ? `${names[props.from] ?? props.from} → ${names[props.to] ?? props.to}`
      : t('todaysTrains');

  return (
    <main className={styles.page}>
      <form className={styles.form} onSubmit={(e) => void onSubmit(e)} aria-label={t('formLabel')}>
        <StationInput
          id="from"
          label={t('from')}
          value={fromText}
          stations={stations}
          onChange={setFromText}
        />
        <button type="button" className={styles.swap} onClick={swap} aria-label={t('swap')}>
          ⇅
        </button>
        <StationInput id="to" label={t('to')} value={toText} stations={stations} onChange={setToText} />
        <label className={styles.field} htmlFor="date">
          <span>{t('date')}</span>
          <input id="date" name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="submit" className={styles.submit}>
          {t('submit')}
        </button>
        {formError ? (
          <p className={styles.formError} role="alert">
            {formError}
          </p>
        ) : null}
      </form>

      <section aria-labelledby="results-title">
        <h1 id="results-title" className={styles.title}>
          {heading}
          {props.date ? <span className={styles.muted}> · {f.date(props.date)}</span> : null}
        </h1>
        {error ? <p role="alert">{t('loadError', { error })}</p> : null}
        {trips === null && !error ? <p aria-busy="true">{t('loading')}</p> : null}
        {trips?.length === 0 ? <p>{t('none')}</p> : null}
        {trips?.length ? (
          <ul className={styles.list} data-testid="trip-list">
            {trips.map((t) => (
              <TripCard key={t.id} trip={t} names={names} />
            ))}
          </ul>
        ) : null}
      </section>
    </main>
  );
}
