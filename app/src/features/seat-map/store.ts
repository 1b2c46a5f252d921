/** The trip page's state: one zustand store per provider (see StoreProvider.tsx), fed by socket.ts. */
import {
  type AccessNeed,
  type ErrorBody,
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
import type { HoldEndReason, Notice, ToastKind, TripMessages } from './messages';
import { holdLifecycle, maskFor, mineIndex } from './hold-lifecycle';
import { type Occupancy, type SeatState, seatStateOf } from './seat-state';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

/** Live "seat changed" announcements are at most this often, and not right after a hold notice. */
const CHANGE_ANNOUNCE_GAP_MS = 3000;

export interface TripState {
  tripId: string;
  trip: Trip | null;
  from: string;
  to: string;
  mask: number;
  version: number;
  occ: Record<string, Occupancy>;
  /**
   * The live occupancy has arrived (a `trip:watch` snapshot): until then no seat is known to be free, so
   * none can be taken (an empty `occ` would show every seat free).
   */
  synced: boolean;
  /** My holds by id, and which of my holds each of my seats is in. */
  holds: Record<string, Hold>;
  mine: Record<string, string>;
  /**
   * Seats of my holds that just ended while the occupancy still shows them held at version `v`: the
   * server sends `hold:expired` and the release ack before the coalesced `seat:update`, so until a newer
   * version arrives those legs are shown free (or sold, when I bought them), not as held by someone else.
   */
  ended: Record<string, { v: number; mask: number; sold: boolean }>;
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
  /** When the last announcement that live-change announcements must not talk over was made. */
  announcedAt: number;
  /** From the server (`Trip.maxSeatsPerUser`, `Trip.holdTtlSeconds`); null until known, never guessed. */
  maxSeats: number | null;
  holdTtlSeconds: number | null;
  /** Why the chosen journey cannot be booked now (shown; seats cannot be picked), or null. */
  closed: ClosedReason | null;
  /** The needs the passenger ticked: they may hold wheelchair spaces / priority seats (sent with holds). */
  needs: AccessNeed[];
}

export interface TripActions {
  /** The page's language changed: later notices use these sentences. */
  setMessages(messages: TripMessages): void;
  setTrip(trip: Trip): void;
  /** A `sale:update`: the trip's sale opened, paused, resumed or closed. */
  setSale(sale: Sale): void;
  /** A `trip:cancelled`: the operator cancelled the trip; nothing can be booked on it any more. */
  cancelTrip(): void;
  setClosed(closed: ClosedReason | null): void;
  setJourney(from: string, to: string): void;
  applySnapshot(snapshot: SeatSnapshot): void;
  applyUpdate(update: SeatUpdate): string[];
  /** One of my holds: restored from storage (silent), just granted, or extended (told). */
  addHold(hold: Hold, news?: 'held' | 'extended'): void;
  /**
   * The one way a hold of mine ends, whatever reported it: its seats show free for its journey at once
   * (sold, if purchased), and the user is told why.
   */
  endHold(holdId: string, reason: HoldEndReason): Hold | undefined;
  /** After a resync: my holds whose seats are no longer held for their journey have ended. */
  reconcileHolds(now: number): void;
  /** My holds past their expiry that the server has not reported yet (a missed `hold:expired`). */
  expireHolds(now: number): void;
  /** A failed request; `announce` also tells screen readers (for the seat the user just acted on). */
  reportError(error: ErrorBody, announce?: boolean): void;
  /** Others' changes in the coach being viewed, announced politely and throttled. */
  announceSeatChanges(changed: string[], now: number): void;
  setPending(seatIds: string[], on: boolean): void;
  setSelecting(on: boolean): void;
  toggleSelected(seatId: string): void;
  clearSelected(): void;
  setActiveCoach(code: string): void;
  setFocusSeat(seatId: string): void;
  setConnection(connection: ConnectionState): void;
  setMode(mode: Mode | null): void;
  setNeeds(needs: AccessNeed[]): void;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
  announce(text: string): void;
}

export type TripStore = ReturnType<typeof createTripStore>;

/** The coach holding the first of my held seats, so a return visit shows them. */
function coachOfMySeats(trip: Trip, mine: Record<string, string>): string | null {
  const first = Object.keys(mine)[0];
  if (!first) return null;
  return trip.coaches.find((c) => c.seats.some((s) => s.id === first))?.code ?? null;
}

export function createTripStore(init: {
  tripId: string;
  from?: string;
  to?: string;
  holds?: Hold[];
  /** The page's sentences (`tripMessages(t)`), in its language. */
  messages: TripMessages;
}) {
  let msg = init.messages;
  const holds: Record<string, Hold> = {};
  for (const h of init.holds ?? []) if (h.tripId === init.tripId) holds[h.holdId] = h;
  return createStore<TripState & TripActions>()((set, get) => {
    let toastSeq = 0;
    /** A hold notice: live-change announcements must not talk over it. */
    function tell(notice: Notice): void {
      if (notice.toast) get().toast(notice.toast.kind, notice.toast.text);
      set({ announcement: notice.announcement, announcedAt: Date.now() });
    }
    return {
      tripId: init.tripId,
      trip: null,
      from: init.from ?? '',
      to: init.to ?? '',
      mask: 0,
      version: 0,
      occ: {},
      synced: false,
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
      announcedAt: 0,
      maxSeats: null,
      holdTtlSeconds: null,
      closed: null,
      needs: [],

      setMessages(messages) {
        msg = messages;
      },

      setClosed(closed) {
        if (get().closed !== closed) set({ closed });
      },

      setSale(sale) {
        const trip = get().trip;
        if (trip) set({ trip: { ...trip, sale }, announcement: msg.saleChanged(sale.state) });
      },

      cancelTrip() {
        const trip = get().trip;
        if (trip && trip.status !== 'cancelled')
          set({
            trip: { ...trip, status: 'cancelled' },
            closed: 'cancelled',
            announcement: 'This trip has been cancelled by the railway.',
          });
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
          maxSeats: trip.maxSeatsPerUser ?? null,
          holdTtlSeconds: trip.holdTtlSeconds ?? null,
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
        set({ occ, synced: true, version: Math.max(get().version, snapshot.version) });
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

      ...holdLifecycle(set, get, tell, msg),

      reportError(error, announce = false) {
        const text = msg.describeError(error, get().maxSeats);
        get().toast('error', text);
        if (announce) set({ announcement: text });
      },

      announceSeatChanges(changed, now) {
        const s = get();
        const coach = s.trip?.coaches.find((c) => c.code === s.activeCoach);
        if (!coach) return;
        const inCoach = changed.filter((id) => !s.mine[id] && coach.seats.some((seat) => seat.id === id));
        if (!inCoach.length || now - s.announcedAt < CHANGE_ANNOUNCE_GAP_MS) return;
        set({ announcement: msg.seatsChanged(inCoach, coach.code), announcedAt: now });
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

      setNeeds(needs) {
        set({ needs });
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
    };
  });
}

/** The state of one seat, selected narrowly so a change to one seat re-renders only that seat. */
export function selectSeatState(id: string) {
  return (s: TripState): SeatState => {
    const occ = s.occ[id];
    const ended = s.ended[id];
    const shown =
      occ && ended && ended.v === occ.v
        ? { ...occ, held: occ.held & ~ended.mask, sold: ended.sold ? occ.sold | ended.mask : occ.sold }
        : occ;
    return seatStateOf(shown, s.mask, s.mine[id] !== undefined);
  };
}

export function myHoldsList(holds: Record<string, Hold>): Hold[] {
  return Object.values(holds).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}
