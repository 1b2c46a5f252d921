'use client';

import type { Mode, OpsTripFigures, OpsTripsResponse, SeatsResponse, Trip } from '@fastpass/shared';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { formatTime } from '@/lib/format';
import { storedToken } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { useStoredUser } from '@/lib/use-stored-user';
import { type Rates, type Sample, rates, sample } from './metrics';
import styles from './ops.module.css';

interface TripFigures {
  trip: Trip;
  seats: number;
  soldPct: number;
  heldPct: number;
  /** Per-trip live figures across every instance (GET /api/ops/trips, an extension). */
  live?: OpsTripFigures;
}

const POLL_MS = 2000;

function occupancy(trip: Trip, occ: SeatsResponse): { seats: number; soldPct: number; heldPct: number } {
  const legs = Math.max(1, trip.stops.length - 1);
  const seats = trip.coaches.reduce((n, c) => n + c.seats.length, 0);
  let sold = 0;
  let held = 0;
  for (const s of occ.seats) {
    for (let i = 0; i < legs; i++) {
      if (s.sold & (2 ** i)) sold++;
      else if (s.held & (2 ** i)) held++;
    }
  }
  const total = Math.max(1, seats * legs);
  return { seats, soldPct: (100 * sold) / total, heldPct: (100 * held) / total };
}

/** Operator view: per-trip sold/held share and live hold and conflict rates, plus the server's mode. */
export function OpsPage() {
  const api = useApi();
  const { user, ready } = useStoredUser();
  const [mode, setMode] = useState<Mode | 'down' | null>(null);
  const [global, setGlobal] = useState<Rates | null>(null);
  const [trips, setTrips] = useState<TripFigures[]>([]);
  const prevSample = useRef<Sample | null>(null);

  const isOperator = user?.role === 'operator';

  useEffect(() => {
    if (!isOperator) return;
    let stop = false;
    const details = new Map<string, Trip>();
    async function tick(): Promise<void> {
      const [ready, metricsText, list] = await Promise.all([
        api.readyz(),
        fetch(`${api.baseUrl}/metrics`, { cache: 'no-store' })
          .then((r) => (r.ok ? r.text() : ''))
          .catch(() => ''),
        api.trips().catch(() => []),
      ]);
      if (stop) return;
      setMode(ready ? ready.mode : 'down');
      if (metricsText) {
        const cur = sample(metricsText, Date.now());
        setGlobal(rates(prevSample.current, cur));
        prevSample.current = cur;
      }
      let live: OpsTripsResponse = [];
      try {
        const res = await fetch(`${api.baseUrl}/api/ops/trips`, {
          headers: { authorization: `Bearer ${storedToken() ?? ''}` },
          cache: 'no-store',
        });
        if (res.ok) live = (await res.json()) as OpsTripsResponse;
      } catch {
        // Without the per-trip figures the table still shows sold and held shares.
      }
      const figures = await Promise.all(
        list.map(async (t) => {
          let trip = details.get(t.id);
          if (!trip) {
            trip = await api.trip(t.id);
            details.set(t.id, trip);
          }
          const occ = await api.seats(t.id);
          const stats = live.find((l) => l.tripId === t.id);
          return { trip, ...occupancy(trip, occ), live: stats };
        }),
      );
      if (!stop) setTrips(figures);
    }
    const run = () => tick().catch(() => undefined);
    void run();
    const t = setInterval(run, POLL_MS);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [api, isOperator]);

  if (!ready) return <main className={styles.page} />;
  if (!isOperator) {
    return (
      <main className={styles.page}>
        <h1>Operations</h1>
        <p>
          This view is for operators. <Link href="/account">Log in with an operator account</Link>.
        </p>
      </main>
    );
  }

  return (
    <main className={styles.page}>
      <h1>Operations</h1>
      <section className={styles.tiles} aria-label="Server">
        <div className={styles.tile} data-mode={mode ?? ''}>
          <span className={styles.tileLabel}>Server mode</span>
          <strong className={mode === 'cache' ? styles.ok : styles.bad}>
            {mode === 'cache'
              ? '● cache (Redis)'
              : mode === 'database'
                ? '▲ database (degraded)'
                : mode === 'down'
                  ? '✕ down'
                  : '…'}
          </strong>
        </div>
        <div className={styles.tile}>
          <span className={styles.tileLabel}>Holds / s</span>
          <strong data-testid="holds-rate">{global ? global.holdsPerSec.toFixed(1) : '…'}</strong>
        </div>
        <div className={styles.tile}>
          <span className={styles.tileLabel}>Conflicts / s</span>
          <strong>{global ? global.conflictsPerSec.toFixed(1) : '…'}</strong>
        </div>
        <div className={styles.tile}>
          <span className={styles.tileLabel}>Watchers (this instance)</span>
          <strong>{global ? global.watchers : '…'}</strong>
        </div>
      </section>
      <table className={styles.table}>
        <caption>Today's trips</caption>
        <thead>
          <tr>
            <th scope="col">Train</th>
            <th scope="col">Departs</th>
            <th scope="col">Sold</th>
            <th scope="col">Held</th>
            <th scope="col">Holds/s</th>
            <th scope="col">Conflicts/s</th>
            <th scope="col">Watchers</th>
          </tr>
        </thead>
        <tbody>
          {trips.map((f) => (
            <tr key={f.trip.id} data-trip-id={f.trip.id}>
              <th scope="row">
                <Link href={`/trips/${encodeURIComponent(f.trip.id)}`}>{f.trip.trainName}</Link>{' '}
                <span className={styles.muted}>#{f.trip.trainNumber}</span>
              </th>
              <td>{formatTime(f.trip.stops[0]?.departsAt)}</td>
              <td>
                <span className={styles.bar} aria-hidden="true">
                  <span style={{ width: `${f.soldPct}%` }} />
                </span>
                {f.soldPct.toFixed(1)}%
              </td>
              <td>{f.heldPct.toFixed(1)}%</td>
              <td>{f.live ? f.live.holdsPerSec.toFixed(1) : '—'}</td>
              <td>{f.live ? f.live.conflictsPerSec.toFixed(1) : '—'}</td>
              <td>{f.live ? f.live.watchers : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.muted}>
        Sold and held are shares of seat-legs. Per-trip rates and watchers cover every server instance
        (counted in Redis, so they read 0 while the server runs in database mode); the tiles above are this
        server instance's totals from /metrics.
      </p>
    </main>
  );
}
