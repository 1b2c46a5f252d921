import { type AccessNeed, ErrorCode, type Seat } from '@fastpass/shared';
import type { TripInfo } from '../catalog/trip-info';
import { AppError } from '../errors';

/**
 * Who may hold an accessible seat (docs/accessible-seats.md): a wheelchair space only a passenger who
 * ticked `wheelchair`; a priority seat one who ticked `priority` or `wheelchair`; a companion seat
 * anyone (it is beside one of those, for whoever travels with them). A pure function of the request
 * and the seats, so it is judged once, before either store, and both stores stay unaware of it.
 */
export function mayHold(seat: Pick<Seat, 'access'>, needs: readonly AccessNeed[] = []): boolean {
  const access = seat.access ?? [];
  if (access.includes('wheelchair') && !needs.includes('wheelchair')) return false;
  if (access.includes('priority') && !needs.includes('priority') && !needs.includes('wheelchair'))
    return false;
  return true;
}

/** FORBIDDEN naming the seats this passenger may not hold, or null. Unknown seats are not judged here. */
export function accessRefusal(
  info: TripInfo,
  seatIds: string[],
  needs?: readonly AccessNeed[],
): AppError | null {
  const refused = seatIds.filter((id) => {
    const seat = info.seatById.get(id)?.seat;
    return seat !== undefined && !mayHold(seat, needs);
  });
  if (refused.length === 0) return null;
  return new AppError(
    ErrorCode.FORBIDDEN,
    `reserved for passengers who need them: ${refused.join(', ')} (tick the need: needs ['wheelchair'] or ['priority'])`,
    refused,
  );
}

/** Seats best-available may choose: never a wheelchair space or priority seat (those are picked on purpose). */
export function openSeating(seat: Pick<Seat, 'access'>): boolean {
  return mayHold(seat, []);
}
