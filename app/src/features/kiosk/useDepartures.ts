'use client';

import type { ClassAvailability, Trip, TripSummary } from '@fastpass/shared';
import { useEffect, useState } from 'react';
import { todayInDhaka } from '@/lib/format';
import { useApi } from '@/lib/use-api';

export interface Departure {
  trip: Trip;
  departsAt: string | null;
  terminus: string;
  classes: ClassAvailability[];
  /** Whether a passenger can book from this station now, and why not (sale state, cut-off). */
  bookable: boolean;
  closedReason?: TripSummary['closedReason'];
}

const REFRESH_MS = 5000;

/**
 * The station's coming departures (today's still to leave, then tomorrow's) with per-class
 * availability to each train's terminus and whether each can be booked now, kept fresh.
 */
export function useDepartures(station: string) {
  const api = useApi();
  const [departures, setDepartures] = useState<Departure[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    const trips = new Map<string, Trip>();
    async function load(): Promise<void> {
      const today = todayInDhaka();
      const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const dates = [today, tomorrow];
      const list = (await Promise.all(dates.map((date) => api.trips({ date })))).flat();
      await Promise.all(
        list
          .filter((t) => !trips.has(t.id))
          .map(async (t) => {
            trips.set(t.id, await api.trip(t.id));
          }),
      );
      const serving = [...trips.values()].filter((t) => {
        const i = t.stops.findIndex((s) => s.station === station);
        return i >= 0 && i < t.stops.length - 1;
      });
      const termini = [...new Set(serving.map((t) => t.stops[t.stops.length - 1]?.station ?? ''))];
      const summaries = new Map<string, TripSummary>();
      await Promise.all(
        termini.flatMap((to) =>
          dates.map(async (date) => {
            for (const s of await api.trips({ from: station, to, date })) summaries.set(s.id, s);
          }),
        ),
      );
      const rows = serving
        .map((trip) => {
          const summary = summaries.get(trip.id);
          return {
            trip: summary?.sale ? { ...trip, sale: summary.sale } : trip,
            departsAt: trip.stops.find((s) => s.station === station)?.departsAt ?? null,
            terminus: trip.stops[trip.stops.length - 1]?.station ?? '',
            classes: summary?.classes ?? [],
            bookable: summary?.bookable ?? false,
            closedReason: summary?.closedReason,
          };
        })
        // A board of departures: trains that have left are gone from it.
        .filter((d) => d.closedReason !== 'departed')
        .sort((a, b) => (a.departsAt ?? '').localeCompare(b.departsAt ?? ''));
      if (!stop) {
        setDepartures(rows);
        setError(null);
      }
    }
    const tick = () => load().catch((e: Error) => !stop && setError(e.message));
    void tick();
    const t = setInterval(tick, REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [api, station]);

  return { departures, error };
}
