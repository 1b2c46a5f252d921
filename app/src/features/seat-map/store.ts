/** The trip page's state: one zustand store per provider (see StoreProvider.tsx), fed by socket.ts. */
import {
  type Hold,
  type Mode,
  type Sale,
  type SeatSnapshot,
  type SeatUpdate,
  type Trip,
  journeyMask,
} from '@fastpass/shared';
import { createStore } from 'zustand/vanilla';
import type { ClosedReason } from '../../lib/sale-status';
import { type Occupancy, type SeatState, seatStateOf } from './seat-state';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

export interface TripState {
  tripId: string;
  trip: Trip | null;
  from: string;
  to: string;
  mask: number;
  version: number;
  occ: Record<string, Occupancy>;
  /** My holds by id, and which of my holds each of my seats is in. */
  holds: Record<string, Hold>;
  mine: Record<string, string>;
  /**
   * Seats of my holds that just ended (expired, released) while the occupancy still shows them held at
   * version `v`: the server sends `hold:expired` and the release ack before the coalesced `seat:update`,
   * so until a newer version arrives those legs are shown free, not as held by someone else.
   */
  ended: Record<string, { v: number; mask: number }>;
  /** Seats with a hold request in flight (shown optimistically as being taken by me). */
  pending: Record<string, true>;
  /** Multi-seat selection, held all at once. */
  selecting: boolean;
  selected: Record<string, true>;
  activeCoach: string | null;
  focusSeat: string | null;
  connection: ConnectionState;
  mode: Mode | null;
  toasts: Toast[];
  announcement: string;
  maxSeats: number;
  /** Why the chosen journey cannot be booked now (shown; seats cannot be picked), or null. */
  closed: ClosedReason | null;
}

export interface TripActions {
  setTrip(trip: Trip): void;
  /** A `sale:update`: the trip's sale opened, paused, resumed or closed. */
  setSale(sale: Sale): void;
  setClosed(closed: ClosedReason | null): void;
  setJourney(from: string, to: string): void;
  applySnapshot(snapshot: SeatSnapshot): void;
  applyUpdate(update: SeatUpdate): string[];
  addHold(hold: Hold): void;
  removeHold(holdId: string): Hold | undefined;
  /** removeHold, for a hold the server just ended: its seats show free before the seat:update arrives. */
  endHold(holdId: string): Hold | undefined;
  setPending(seatIds: string[], on: boolean): void;
  setSelecting(on: boolean): void;
  toggleSelected(seatId: string): void;
  clearSelected(): void;
  setActiveCoach(code: string): void;
  setFocusSeat(seatId: string): void;
  setConnection(connection: ConnectionState): void;
  setMode(mode: Mode | null): void;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
  announce(text: string): void;
}

export type TripStore = ReturnType<typeof createTripStore>;

function maskFor(trip: Trip | null, from: string, to: string): number {
  if (!trip) return 0;
  return (
    journeyMask(
      trip.stops.map((s) => s.station),
      from,
      to,
    ) ?? 0
  );
}

function mineIndex(holds: Record<string, Hold>): Record<string, string> {
  const mine: Record<string, string> = {};
  for (const h of Object.values(holds)) for (const id of h.seatIds) mine[id] = h.holdId;
  return mine;
}

/** The coach holding the first of my held seats, so a return visit shows them. */
function coachOfMySeats(trip: Trip, mine: Record<string, string>): string | null {
  const first = Object.keys(mine)[0];
  if (!first) return null;
  return trip.coaches.find((c) => c.seats.some((s) => s.id === first))?.code ?? null;
}

let toastSeq = 0;

export function createTripStore(init: { tripId: string; from?: string; to?: string; holds?: Hold[] }) {
  const holds: Record<string, Hold> = {};
  for (const h of init.holds ?? []) if (h.tripId === init.tripId) holds[h.holdId] = h;
  return createStore<TripState & TripActions>()((set, get) => ({
    tripId: init.tripId,
    trip: null,
    from: init.from ?? '',
    to: init.to ?? '',
    mask: 0,
    version: 0,
    occ: {},
    holds,
    mine: mineIndex(holds),
    ended: {},
    pending: {},
    selecting: false,
    selected: {},
    activeCoach: null,
    focusSeat: null,
    connection: 'connecting',
    mode: null,
    toasts: [],
    announcement: '',
    maxSeats: 4,
    closed: null,

    setClosed(closed) {
      if (get().closed !== closed) set({ closed });
    },

    setSale(sale) {
      const trip = get().trip;
      if (trip) set({ trip: { ...trip, sale } });
    },

    setTrip(trip) {
      const stations = trip.stops.map((s) => s.station);
      let { from, to } = get();
      if (journeyMask(stations, from, to) === null) {
        from = stations[0] ?? '';
        to = stations[stations.length - 1] ?? '';
      }
      set({
        trip,
        from,
        to,
        mask: maskFor(trip, from, to),
        activeCoach: get().activeCoach ?? coachOfMySeats(trip, get().mine) ?? trip.coaches[0]?.code ?? null,
      });
    },

    setJourney(from, to) {
      set({ from, to, mask: maskFor(get().trip, from, to), selected: {} });
    },

    applySnapshot(snapshot) {
      if (snapshot.tripId !== get().tripId) return;
      const prev = get().occ;
      const occ: Record<string, Occupancy> = {};
      for (const s of snapshot.seats) {
        const v = s.v ?? snapshot.version;
        const old = prev[s.id];
        // Versions never go backwards: an update newer than the snapshot wins.
        occ[s.id] = old && old.v > v ? old : { held: s.held, sold: s.sold, v };
      }
      set({ occ, version: Math.max(get().version, snapshot.version) });
    },

    applyUpdate(update) {
      if (update.tripId !== get().tripId) return [];
      const { occ } = get();
      let next: Record<string, Occupancy> | null = null;
      const changed: string[] = [];
      for (const s of update.seats) {
        const old = occ[s.id];
        if (old && old.v >= s.v) continue;
        next ??= { ...occ };
        next[s.id] = { held: s.held, sold: s.sold, v: s.v };
        changed.push(s.id);
      }
      if (next) set({ occ: next, version: Math.max(get().version, update.version) });
      return changed;
    },

    addHold(hold) {
      const holds = { ...get().holds, [hold.holdId]: hold };
      set({ holds, mine: mineIndex(holds) });
    },

    removeHold(holdId) {
      const hold = get().holds[holdId];
      if (!hold) return undefined;
      const holds = { ...get().holds };
      delete holds[holdId];
      set({ holds, mine: mineIndex(holds) });
      return hold;
    },

    endHold(holdId) {
      const { trip, occ } = get();
      const hold = get().holds[holdId];
      if (!hold) return undefined;
      const holds = { ...get().holds };
      delete holds[holdId];
      const ended = { ...get().ended };
      const mask = maskFor(trip, hold.from, hold.to);
      for (const id of hold.seatIds) {
        const o = occ[id];
        if (o && mask && (o.held & mask) === mask) ended[id] = { v: o.v, mask };
      }
      set({ holds, mine: mineIndex(holds), ended }); // one change, so the seat never shows "held" between
      return hold;
    },

    setPending(seatIds, on) {
      const pending = { ...get().pending };
      for (const id of seatIds) {
        if (on) pending[id] = true;
        else delete pending[id];
      }
      set({ pending });
    },

    setSelecting(on) {
      set({ selecting: on, selected: {} });
    },

    toggleSelected(seatId) {
      const selected = { ...get().selected };
      if (selected[seatId]) delete selected[seatId];
      else selected[seatId] = true;
      set({ selected });
    },

    clearSelected() {
      set({ selected: {} });
    },

    setActiveCoach(code) {
      set({ activeCoach: code });
    },

    setFocusSeat(seatId) {
      set({ focusSeat: seatId });
    },

    setConnection(connection) {
      set({ connection });
    },

    setMode(mode) {
      set({ mode });
    },

    toast(kind, text) {
      const id = ++toastSeq;
      set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
      setTimeout(() => get().dismissToast(id), kind === 'error' ? 6000 : 4000);
    },

    dismissToast(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },

    announce(text) {
      set({ announcement: text });
    },
  }));
}

/** The state of one seat, selected narrowly so a change to one seat re-renders only that seat. */
export function selectSeatState(id: string) {
  return (s: TripState): SeatState => {
    const occ = s.occ[id];
    const ended = s.ended[id];
    const shown = occ && ended && ended.v === occ.v ? { ...occ, held: occ.held & ~ended.mask } : occ;
    return seatStateOf(shown, s.mask, s.mine[id] !== undefined);
  };
}

export function myHoldsList(holds: Record<string, Hold>): Hold[] {
  return Object.values(holds).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}
