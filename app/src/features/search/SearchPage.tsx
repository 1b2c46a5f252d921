'use client';

import type { Station, TripSummary } from '@fastpass/shared';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { formatDate, todayInDhaka } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import { StationInput, resolveStation, stationText } from './StationInput';
import { TripCard } from './TripCard';
import styles from './search.module.css';

const REFRESH_MS = 15_000;

/** Journey search; without a journey it lists every trip of the date, origin to terminus. */
export function SearchPage(props: { from: string; to: string; date: string }) {
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
        setFromText((t) => (byCode(t) ? stationText(byCode(t) as Station) : t));
        setToText((t) => (byCode(t) ? stationText(byCode(t) as Station) : t));
      })
      .catch(() => undefined);
  }, [api]);

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

  const names = useMemo(() => Object.fromEntries(stations.map((s) => [s.code, s.name])), [stations]);

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    const from = resolveStation(fromText, stations);
    const to = resolveStation(toText, stations);
    const problem =
      fromText && !from
        ? `No station matches “${fromText}”`
        : toText && !to
          ? `No station matches “${toText}”`
          : from && to && from === to
            ? 'From and To must be different stations'
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
      : "Today's trains";

  return (
    <main className={styles.page}>
      <form className={styles.form} onSubmit={onSubmit} aria-label="Search trains">
        <StationInput id="from" label="From" value={fromText} stations={stations} onChange={setFromText} />
        <button type="button" className={styles.swap} onClick={swap} aria-label="Swap from and to">
          ⇅
        </button>
        <StationInput id="to" label="To" value={toText} stations={stations} onChange={setToText} />
        <label className={styles.field} htmlFor="date">
          <span>Date</span>
          <input id="date" name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="submit" className={styles.submit}>
          Search
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
          {props.date ? <span className={styles.muted}> · {formatDate(props.date)}</span> : null}
        </h1>
        {error ? <p role="alert">Could not load trips: {error}</p> : null}
        {trips === null && !error ? <p aria-busy="true">Loading trips…</p> : null}
        {trips?.length === 0 ? <p>No trains for this journey on that date.</p> : null}
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
