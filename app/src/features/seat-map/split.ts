/**
 * A split journey when no seat is free end to end: one seat to a stop on the way, another seat from that
 * stop on (segment inventory: seats are sold per leg, see shared/src/legs.ts). Pure, for the map.
 */
import { type Seat, type Trip, legMask } from '@fastpass/shared';
import type { Occupancy } from './seat-state';

export interface SplitPart {
  seatId: string;
  coach: string;
  from: string;
  to: string;
}

const freeOn = (occ: Occupancy | undefined, mask: number) => !occ || ((occ.held | occ.sold) & mask) === 0;

/**
 * Null when some seat the passenger may take is free for the whole journey, or when no split exists.
 * Otherwise the split with the longest first part, preferring a second seat in the same coach (then
 * the same class), so the change is a short walk.
 */
export function suggestSplit(
  trip: Trip,
  occ: Record<string, Occupancy>,
  from: string,
  to: string,
  mayTake: (seat: Seat) => boolean,
): [SplitPart, SplitPart] | null {
  const stations = trip.stops.map((s) => s.station);
  const a = stations.indexOf(from);
  const b = stations.indexOf(to);
  if (a < 0 || b <= a + 1) return null;
  const seats = trip.coaches.flatMap((c) => c.seats.filter(mayTake).map((seat) => ({ seat, coach: c.code })));
  if (seats.some(({ seat }) => freeOn(occ[seat.id], legMask(a, b)))) return null;
  for (let k = b - 1; k > a; k--) {
    const first = seats.find(({ seat }) => freeOn(occ[seat.id], legMask(a, k)));
    if (!first) continue;
    const rest = seats.filter(({ seat }) => freeOn(occ[seat.id], legMask(k, b)));
    const second =
      rest.find((x) => x.coach === first.coach) ??
      rest.find((x) => x.seat.class === first.seat.class) ??
      rest[0];
    if (!second) continue;
    const stop = stations[k] as string;
    return [
      { seatId: first.seat.id, coach: first.coach, from, to: stop },
      { seatId: second.seat.id, coach: second.coach, from: stop, to },
    ];
  }
  return null;
}
