'use client';

import type { ClassAvailability, Station } from '@fastpass/shared';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useBookingUrl } from '@/lib/config';
import { formatDate, formatTime } from '@/lib/format';
import { closedLabel, closedReasonOf } from '@/lib/sale-status';
import { loadHolds, saveTripHolds } from '@/lib/holds-storage';
import { useApi } from '@/lib/use-api';
import { WaitingRoom } from '../waiting-room/WaitingRoom';
import { CoachTabs } from './CoachTabs';
import { CoachView } from './CoachView';
import { ConnectionBadge } from './ConnectionBadge';
import { HoldPanel } from './HoldPanel';
import { JourneyPicker } from './JourneyPicker';
import { Legend } from './Legend';
import { type TripConnection, connectTrip } from './socket';
import { TripStoreProvider, useTripStore, useTripStoreApi } from './StoreProvider';
import { TripConnectionContext } from './TripConnectionContext';
import { Toasts } from './Toasts';
import styles from './seat-map.module.css';

export interface TripPageProps {
  tripId: string;
  from?: string;
  to?: string;
  /** Kiosk: larger touch targets, no site navigation, checkout handled by the kiosk flow. */
  variant?: 'kiosk';
  onCheckout?: () => void;
  onExit?: () => void;
}

export function TripPage(props: TripPageProps) {
  return (
    <TripStoreProvider tripId={props.tripId} from={props.from} to={props.to}>
      <TripScreen variant={props.variant} onCheckout={props.onCheckout} onExit={props.onExit} />
    </TripStoreProvider>
  );
}

function TripScreen({ variant, onCheckout, onExit }: Omit<TripPageProps, 'tripId' | 'from' | 'to'>) {
  const api = useApi();
  const baseUrl = useBookingUrl();
  const store = useTripStoreApi();
  const tripId = useTripStore((s) => s.tripId);
  const trip = useTripStore((s) => s.trip);
  const from = useTripStore((s) => s.from);
  const to = useTripStore((s) => s.to);
  const activeCoach = useTripStore((s) => s.activeCoach);
  const [connection, setConnection] = useState<TripConnection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stations, setStations] = useState<Station[]>([]);
  const [fares, setFares] = useState<ClassAvailability[]>([]);
  // A queued sale shows its waiting room until the server admits me (joining again after that is instant).
  const [admitted, setAdmitted] = useState(false);
  const onAdmitted = useCallback(() => setAdmitted(true), []);
  const waiting = trip?.sale?.queue === true && !admitted;

  // Load the trip, the station names and my holds kept from earlier visits.
  useEffect(() => {
    for (const h of loadHolds()) if (h.tripId === tripId) store.getState().addHold(h);
    api
      .trip(tripId)
      .then((t) => store.getState().setTrip(t))
      .catch((e: Error) => setError(e.message));
    api
      .stations()
      .then(setStations)
      .catch(() => undefined);
  }, [api, store, tripId]);

  // Keep my holds across reloads and for the checkout page.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.holds !== prev.holds) saveTripHolds(s.tripId, Object.values(s.holds));
      }),
    [store],
  );

  // The live connection, once the trip is known.
  const hasTrip = trip !== null && !waiting;
  useEffect(() => {
    if (!hasTrip) return;
    const c = connectTrip(baseUrl, store);
    setConnection(c);
    return () => {
      c.close();
      setConnection(null);
    };
  }, [baseUrl, store, hasTrip]);

  // Server mode (cache / database) for the degraded indicator, besides the `server:mode` event.
  useEffect(() => {
    let stop = false;
    const poll = () =>
      api.readyz().then((r) => {
        if (!stop) store.getState().setMode(r?.mode ?? null);
      });
    void poll();
    const t = setInterval(poll, 10_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [api, store]);

  // A hold past its expiry that the server has not reported yet (e.g. while offline): end it locally.
  useEffect(() => {
    const t = setInterval(() => store.getState().expireHolds(Date.now()), 1000);
    return () => clearInterval(t);
  }, [store]);

  // Whether the chosen journey can be booked now: re-judged as the clock passes opening and cut-off.
  useEffect(() => {
    if (!trip) return;
    const judge = () => store.getState().setClosed(closedReasonOf(trip, from, Date.now()));
    judge();
    const t = setInterval(judge, 5000);
    return () => clearInterval(t);
  }, [store, trip, from]);
  const closed = useTripStore((s) => s.closed);

  // Fares and availability for the chosen journey.
  useEffect(() => {
    if (!trip || !from || !to) return;
    api
      .trips({ from, to, date: trip.date })
      .then((list) => setFares(list.find((x) => x.id === trip.id)?.classes ?? []))
      .catch(() => setFares([]));
  }, [api, trip, from, to]);

  const names = useMemo(() => Object.fromEntries(stations.map((s) => [s.code, s.name])), [stations]);
  const coach = trip?.coaches.find((c) => c.code === activeCoach) ?? trip?.coaches[0];

  if (error) {
    return (
      <main className={styles.page}>
        <p role="alert">Could not load this trip: {error}</p>
        <Link href="/">Back to trips</Link>
      </main>
    );
  }
  if (!trip) {
    return (
      <main className={styles.page} aria-busy="true">
        <p>Loading trip…</p>
      </main>
    );
  }
  const first = trip.stops[0];
  const last = trip.stops[trip.stops.length - 1];
  if (waiting && trip.sale) {
    return (
      <main className={`${styles.page} ${variant === 'kiosk' ? styles.kiosk : ''}`} data-trip-id={trip.id}>
        <BackLink onExit={onExit} />
        <WaitingRoom
          tripId={trip.id}
          sale={trip.sale}
          variant={variant}
          heading={`${trip.trainName} #${trip.trainNumber} · ${formatDate(trip.date)}`}
          onAdmitted={onAdmitted}
        />
      </main>
    );
  }
  return (
    <TripConnectionContext.Provider value={connection}>
      <main className={`${styles.page} ${variant === 'kiosk' ? styles.kiosk : ''}`} data-trip-id={trip.id}>
        <header className={styles.header}>
          <div>
            <BackLink onExit={onExit} />
            <h1 className={styles.title}>
              {trip.trainName} <span className={styles.muted}>#{trip.trainNumber}</span>
            </h1>
            <p className={styles.muted}>
              {formatDate(trip.date)} · {names[first?.station ?? ''] ?? first?.station}{' '}
              {formatTime(first?.departsAt)} → {names[last?.station ?? ''] ?? last?.station}{' '}
              {formatTime(last?.arrivesAt)}
            </p>
          </div>
          <ConnectionBadge />
        </header>
        <JourneyPicker stops={trip.stops} names={names} />
        {closed ? (
          <p className={styles.saleClosed} role="status" data-closed-reason={closed}>
            {closedLabel(closed, trip.sale)}
            {closed === 'cancelled'
              ? ' by the railway — nothing can be booked on it; tickets bought for it are cancelled.'
              : closed === 'departed' || closed === 'cutoff'
                ? ' — seats on this journey can no longer be booked.'
                : ' — the map stays live; seats can be booked once the sale is open.'}
          </p>
        ) : null}
        <div className={styles.layout}>
          <div className={styles.mapCol}>
            <CoachTabs coaches={trip.coaches} />
            <Legend />
            <div id="coach-panel" role="tabpanel" aria-labelledby={coach ? `tab-${coach.code}` : undefined}>
              {coach ? <CoachView key={coach.code} coach={coach} /> : null}
            </div>
          </div>
          <HoldPanel fares={fares} onCheckout={onCheckout} />
        </div>
        <Toasts />
      </main>
    </TripConnectionContext.Provider>
  );
}

/** Back to the kiosk's departures board, or to the trip list on the site. */
function BackLink({ onExit }: { onExit?: () => void }) {
  return onExit ? (
    <button type="button" className={styles.secondary} onClick={onExit}>
      ← Departures
    </button>
  ) : (
    <Link href="/" className={styles.back}>
      ← Trips
    </Link>
  );
}
