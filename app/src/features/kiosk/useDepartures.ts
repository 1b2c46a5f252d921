'use client';

import type { ClassAvailability, Trip } from '@fastpass/shared';
import { useEffect, useState } from 'react';
import { todayInDhaka } from '@/lib/format';
import { useApi } from '@/lib/use-api';

export interface Departure {
  trip: Trip;
  departsAt: string | null;
  terminus: string;
  classes: ClassAvailability[];
}

const REFRESH_MS = 5000;

/** Today's departures from a station with per-class availability to each train's terminus, kept fresh. */
export function useDepartures(station: string) {
  const api = useApi();
  const [departures, setDepartures] = useState<Departure[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    const trips = new Map<string, Trip>();
    async function load(): Promise<void> {
      const date = todayInDhaka();
      const list = await api.trips({ date });
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
      const availability = new Map<string, ClassAvailability[]>();
      await Promise.all(
        termini.map(async (to) => {
          for (const s of await api.trips({ from: station, to, date })) availability.set(s.id, s.classes);
        }),
      );
      const rows = serving
        .map((trip) => ({
          trip,
          departsAt: trip.stops.find((s) => s.station === station)?.departsAt ?? null,
          terminus: trip.stops[trip.stops.length - 1]?.station ?? '',
          classes: availability.get(trip.id) ?? [],
        }))
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
