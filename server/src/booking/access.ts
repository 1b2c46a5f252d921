import { type AccessNeed, ErrorCode, type Seat, mayHold } from '@fastpass/shared';
import type { TripInfo } from '../catalog/trip-info';
import { AppError } from '../errors';

/**
 * The accessible-seat rule (`mayHold`, shared/src/access.ts) for a hold request: a pure function of the
 * request and the seats, so it is judged once, before either store, and both stores stay unaware of it.
 * Returns FORBIDDEN naming the seats this passenger may not hold, or null (unknown seats are not judged here).
 */
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
