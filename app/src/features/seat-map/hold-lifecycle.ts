import { type Hold, type Trip, journeyMask } from '@fastpass/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { Notice, TripMessages } from './messages';
import type { TripActions, TripState } from './store';

/** A hold past its expiry by this much without word from the server is ended locally. */
const LOCAL_EXPIRY_GRACE_MS = 2000;

type Api = StoreApi<TripState & TripActions>;

/** The leg mask of a journey on the trip (0 while the trip or the journey is unknown). */
export function maskFor(trip: Trip | null, from: string, to: string): number {
  if (!trip) return 0;
  return (
    journeyMask(
      trip.stops.map((s) => s.station),
      from,
      to,
    ) ?? 0
  );
}

/** seatId → holdId of my holds. */
export function mineIndex(holds: Record<string, Hold>): Record<string, string> {
  const mine: Record<string, string> = {};
  for (const h of Object.values(holds)) for (const id of h.seatIds) mine[id] = h.holdId;
  return mine;
}

/**
 * How my holds begin and end on the map: every end — released, expired (server or local timer), lost
 * on a resync, purchased — goes through `endHold`, which frees (or sells) the seats for their journey
 * at once, so they never show as "held by another" in between, and tells the user once.
 */
export function holdLifecycle(
  set: Api['setState'],
  get: Api['getState'],
  tell: (notice: Notice) => void,
  msg: TripMessages,
): Pick<TripActions, 'addHold' | 'endHold' | 'reconcileHolds' | 'expireHolds'> {
  return {
    addHold(hold, news) {
      const holds = { ...get().holds, [hold.holdId]: hold };
      set({ holds, mine: mineIndex(holds) });
      if (news === 'held') set({ announcement: msg.holdStarted(hold.seatIds) });
      if (news === 'extended') get().toast('success', msg.holdExtended());
    },

    endHold(holdId, reason) {
      const { trip, occ } = get();
      const hold = get().holds[holdId];
      if (!hold) return undefined;
      const holds = { ...get().holds };
      delete holds[holdId];
      const ended = { ...get().ended };
      const mask = maskFor(trip, hold.from, hold.to);
      for (const id of hold.seatIds) {
        const o = occ[id];
        if (o && mask && (o.held & mask) === mask) ended[id] = { v: o.v, mask, sold: reason === 'purchased' };
      }
      // One change, so the seat never shows "held" in between.
      set({ holds, mine: mineIndex(holds), ended });
      tell(msg.holdEnded(reason, hold.seatIds));
      return hold;
    },

    reconcileHolds(now) {
      const s = get();
      if (!s.trip) return;
      for (const hold of Object.values(s.holds)) {
        const mask = maskFor(s.trip, hold.from, hold.to);
        const gone = hold.seatIds.some((id) => ((s.occ[id]?.held ?? 0) & mask) !== mask);
        const expired = Date.parse(hold.expiresAt) <= now;
        // Seats no longer held before the expiry: released elsewhere, bought elsewhere, or lost by the
        // server; the snapshot cannot tell which, so the user is told only that it ended.
        if (gone || expired) get().endHold(hold.holdId, expired ? 'expired' : 'lost');
      }
    },

    expireHolds(now) {
      for (const h of Object.values(get().holds)) {
        if (Date.parse(h.expiresAt) < now - LOCAL_EXPIRY_GRACE_MS) get().endHold(h.holdId, 'expired');
      }
    },
  };
}
