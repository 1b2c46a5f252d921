/** Fare of each held seat, from the journey's per-class fares (the server prices the order itself). */
import type { ClassAvailability, Hold, Trip } from '@fastpass/shared';

export interface SeatLine {
  holdId: string;
  seatId: string;
  label: string;
  coach: string;
  cls: string;
  fare: number | null;
}

export function seatLines(
  trip: Trip,
  holds: Hold[],
  faresByJourney: Record<string, ClassAvailability[]>,
): SeatLine[] {
  const lines: SeatLine[] = [];
  for (const hold of holds) {
    const fares = faresByJourney[`${hold.from}-${hold.to}`] ?? [];
    for (const seatId of hold.seatIds) {
      const coach = trip.coaches.find((c) => c.seats.some((s) => s.id === seatId));
      const seat = coach?.seats.find((s) => s.id === seatId);
      const cls = seat?.class ?? coach?.class ?? '';
      lines.push({
        holdId: hold.holdId,
        seatId,
        label: seat?.label ?? seatId,
        coach: coach?.code ?? '',
        cls,
        fare: fares.find((f) => f.class === cls)?.fare ?? null,
      });
    }
  }
  return lines;
}
