'use client';

import type { ClassAvailability, Hold, Station } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useBookingUrl } from '@/lib/config';
import { useStationNames, useTrainName } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import { closedReasonOf, useClosedLabel } from '@/lib/sale-status';
import { loadHolds, saveTripHolds } from '@/lib/holds-storage';
import { useApi } from '@/lib/use-api';
import { useMyHolds } from '../my-holds/useMyHolds';
import { WaitingRoom } from '../waiting-room/WaitingRoom';
import { CoachTabs } from './CoachTabs';
import { CoachView } from './CoachView';
import { ConnectionBadge } from './ConnectionBadge';
import { HoldPanel } from './HoldPanel';
import { JourneyPicker } from './JourneyPicker';
import { maskFor } from './hold-lifecycle';
import { Legend } from './Legend';
import { SplitSuggestion } from './SplitSuggestion';
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
  const t = useTranslations('trip');
  const f = useFormat();
  const closedLabel = useClosedLabel();
  const trainName = useTrainName();
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

  // My holds on this trip made on another device (or before a browser restart), as the server lists them.
  useMyHolds(
    useCallback(
      (holds: Hold[]) => {
        const s = store.getState();
        for (const h of holds) {
          if (h.tripId !== s.tripId || s.holds[h.holdId]?.expiresAt === h.expiresAt) continue;
          // A hold this page just released may still be listed (the list lags by up to 100 ms): add it
          // only while the map still shows its seats held on its legs (or before the map is known).
          const mask = maskFor(s.trip, h.from, h.to);
          const held = h.seatIds.every((id) => !s.occ[id] || ((s.occ[id]?.held ?? 0) & mask) === mask);
          if (held) s.addHold(h);
        }
      },
      [store],
    ),
  );

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

  const names = useStationNames(stations);
  const coach = trip?.coaches.find((c) => c.code === activeCoach) ?? trip?.coaches[0];

  if (error) {
    return (
      <main className={styles.page}>
        <p role="alert">{t('loadError', { error })}</p>
        <Link href="/">{t('backTrips')}</Link>
      </main>
    );
  }
  if (!trip) {
    return (
      <main className={styles.page} aria-busy="true">
        <p>{t('loading')}</p>
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
          heading={`${trainName(trip)} #${trip.trainNumber} · ${f.date(trip.date)}`}
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
              {trainName(trip)} <span className={styles.muted}>#{trip.trainNumber}</span>
            </h1>
            <p className={styles.muted}>
              {f.date(trip.date)} · {names[first?.station ?? ''] ?? first?.station} {f.time(first?.departsAt)}{' '}
              → {names[last?.station ?? ''] ?? last?.station} {f.time(last?.arrivesAt)}
            </p>
          </div>
          <ConnectionBadge />
        </header>
        <JourneyPicker stops={trip.stops} names={names} />
        {closed ? (
          <p className={styles.saleClosed} role="status" data-closed-reason={closed}>
            {closedLabel(closed, trip.sale)}
            {closed === 'cancelled'
              ? t('closedCancelled')
              : closed === 'departed' || closed === 'cutoff'
                ? t('closedGone')
                : t('closedLater')}
          </p>
        ) : null}
        <div className={styles.layout}>
          <div className={styles.mapCol}>
            <SplitSuggestion names={names} />
            <CoachTabs coaches={trip.coaches} />
            <Legend />
            <div id="coach-panel" role="tabpanel" aria-labelledby={coach ? `tab-${coach.code}` : undefined}>
              {coach ? <CoachView key={coach.code} coach={coach} /> : null}
            </div>
          </div>
          <HoldPanel fares={fares} stations={stations} onCheckout={onCheckout} />
        </div>
        <Toasts />
      </main>
    </TripConnectionContext.Provider>
  );
}

/** Back to the kiosk's departures board, or to the trip list on the site. */
function BackLink({ onExit }: { onExit?: () => void }) {
  const t = useTranslations('trip');
  return onExit ? (
    <button type="button" className={styles.secondary} onClick={onExit}>
      {t('backDepartures')}
    </button>
  ) : (
    <Link href="/" className={styles.back}>
      {t('backTrips')}
    </Link>
  );
}
