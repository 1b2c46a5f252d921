import { type Coach, type Seat, type Trip, journeyMask } from '@fastpass/shared';

/** A trip plus the indexes the booking rules need, built once per trip and kept in memory. */
export interface TripInfo {
  trip: Trip;
  stationCodes: string[];
  stationIndex: Map<string, number>;
  seatById: Map<string, { seat: Seat; coach: Coach }>;
  seatIds: string[];
  kmAt: number[];
}

export function buildTripInfo(trip: Trip): TripInfo {
  const stationCodes = trip.stops.map((s) => s.station);
  const seatById = new Map<string, { seat: Seat; coach: Coach }>();
  for (const coach of trip.coaches) for (const seat of coach.seats) seatById.set(seat.id, { seat, coach });
  return {
    trip,
    stationCodes,
    stationIndex: new Map(stationCodes.map((c, i) => [c, i])),
    seatById,
    seatIds: [...seatById.keys()],
    kmAt: trip.stops.map((s) => s.km ?? 0),
  };
}

export interface Journey {
  from: string;
  to: string;
  fromIdx: number;
  toIdx: number;
  mask: number;
  km: number;
}

/** Resolves stations on this trip: null means NOT_FOUND, 'order' means `from` is not before `to` (VALIDATION). */
export function resolveJourney(info: TripInfo, from: string, to: string): Journey | null | 'order' {
  const fromIdx = info.stationIndex.get(from);
  const toIdx = info.stationIndex.get(to);
  if (fromIdx === undefined || toIdx === undefined) return null;
  if (fromIdx >= toIdx) return 'order';
  const mask = journeyMask(info.stationCodes, from, to)!;
  return { from, to, fromIdx, toIdx, mask, km: info.kmAt[toIdx]! - info.kmAt[fromIdx]! };
}
