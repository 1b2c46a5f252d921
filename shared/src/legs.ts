/** Leg arithmetic (contract.md, "Domain"): pure functions shared by server, app and tests. */

export const MAX_LEGS = 30;

/** Bit mask of legs `fromIndex .. toIndex-1`. */
export function legMask(fromIndex: number, toIndex: number): number {
  if (!Number.isInteger(fromIndex) || !Number.isInteger(toIndex) || fromIndex < 0 || toIndex <= fromIndex) {
    throw new RangeError(`invalid journey ${fromIndex}→${toIndex}`);
  }
  if (toIndex > MAX_LEGS) throw new RangeError(`a trip has at most ${MAX_LEGS} legs`);
  // 2^n - 2^m stays exact for n <= 30 and avoids 32-bit sign issues of `<<`.
  return 2 ** toIndex - 2 ** fromIndex;
}

/** Leg mask of a journey given the trip's ordered station codes; null when a station is missing or order is wrong. */
export function journeyMask(stops: readonly string[], from: string, to: string): number | null {
  const f = stops.indexOf(from);
  const t = stops.indexOf(to);
  if (f < 0 || t < 0 || f >= t) return null;
  return legMask(f, t);
}

export function overlaps(a: number, b: number): boolean {
  // Masks are < 2^30, so bitwise AND on them is exact.
  return (a & b) !== 0;
}

export function isAvailable(seat: { held: number; sold: number }, mask: number): boolean {
  return ((seat.held | seat.sold) & mask) === 0;
}

/** Leg indexes set in a mask, ascending. */
export function legsOf(mask: number): number[] {
  const legs: number[] = [];
  for (let i = 0; i < MAX_LEGS; i++) if (mask & (1 << i)) legs.push(i);
  return legs;
}

/** The journey of a contiguous leg mask: legs `lo .. hi-1` (the inverse of `legMask`). */
export function legRange(mask: number): { lo: number; hi: number } {
  if (!Number.isInteger(mask) || mask <= 0 || mask >= 2 ** MAX_LEGS)
    throw new RangeError(`bad leg mask ${mask}`);
  const lo = 31 - Math.clz32(mask & -mask);
  const hi = 32 - Math.clz32(mask);
  if (mask !== legMask(lo, hi)) throw new RangeError(`leg mask ${mask} is not one journey`);
  return { lo, hi };
}
