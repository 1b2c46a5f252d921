'use client';

import type { Board, BoardDeparture, BoardUpdate, Trip } from '@fastpass/shared';
import { useEffect, useReducer, useState } from 'react';
import { useBookingUrl } from '@/lib/config';
import { todayInDhaka } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import { connectBoard } from './board-socket';

/** One row of the board: the departure from this station to the train's terminus. */
export type Departure = BoardDeparture;

/** How often the board re-judges the clock: trains that have left go, and a new day is watched. */
const CLOCK_MS = 15_000;

interface State {
  /** Trip id → row; replaced, never grown, by updates (only rows of the board's trips are kept). */
  rows: Map<string, Departure> | null;
  now: number;
}

type Action = { kind: 'board'; board: Board } | { kind: 'update'; update: BoardUpdate } | { kind: 'tick' };

function reduce(s: State, a: Action): State {
  switch (a.kind) {
    case 'board':
      return { ...s, rows: new Map(a.board.departures.map((d) => [d.id, d])) };
    case 'update': {
      if (!s.rows || !a.update.departures.some((d) => s.rows?.has(d.id))) return s;
      const rows = new Map(s.rows);
      for (const d of a.update.departures) if (rows.has(d.id)) rows.set(d.id, d);
      return { ...s, rows };
    }
    case 'tick':
      return { ...s, now: Date.now() };
  }
}

/** The station's coming departures (today's still to leave, then tomorrow's), live over the socket. */
export function useDepartures(station: string) {
  const baseUrl = useBookingUrl();
  const [state, dispatch] = useReducer(reduce, { rows: null, now: Date.now() });
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    let day = todayInDhaka();
    const c = connectBoard(baseUrl, station, day, {
      onBoard: (board) => dispatch({ kind: 'board', board }),
      onUpdate: (update) => dispatch({ kind: 'update', update }),
      onConnection: (ok, message) => {
        setLive(ok);
        setError(ok ? null : (message ?? null));
      },
    });
    const t = setInterval(() => {
      dispatch({ kind: 'tick' });
      const today = todayInDhaka();
      if (today !== day) {
        day = today;
        c.refresh(day);
      }
    }, CLOCK_MS);
    return () => {
      clearInterval(t);
      c.close();
    };
  }, [baseUrl, station]);

  // A board of departures: trains that have left are gone from it (by this kiosk's clock too).
  const departures = state.rows
    ? [...state.rows.values()]
        .filter((d) => d.closedReason !== 'departed' && (!d.departsAt || Date.parse(d.departsAt) > state.now))
        .sort((a, b) => (a.departsAt ?? '').localeCompare(b.departsAt ?? ''))
    : null;
  return { departures, error, live };
}

/** The trip a departure row belongs to (stops and coaches, for the destination picker and the map). */
export function useTrip(tripId: string | null): Trip | null {
  const api = useApi();
  const [trip, setTrip] = useState<Trip | null>(null);
  useEffect(() => {
    if (!tripId) return;
    let stop = false;
    api
      .trip(tripId)
      .then((t) => !stop && setTrip(t))
      .catch(() => undefined);
    return () => {
      stop = true;
    };
  }, [api, tripId]);
  return trip;
}
