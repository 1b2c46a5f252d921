import type { Coach, Seat } from '@fastpass/shared';

/**
 * Candidate groups of `count` adjacent seats, best first, encoded for holdbest-6.lua as
 * "farLeft,nearLeft|seat,...|nearRight,farRight" ('-' = no neighbour on that side of the aisle).
 * Tier 1: within one row on one side of the aisle. Tier 2: one row across the aisle.
 * Tier 3: consecutive seats over adjacent rows (groups larger than a row).
 */
export function bestSeatCandidates(coaches: Coach[], count: number, limit = 4000): string[] {
  const tiers: string[][] = [[], [], []];
  for (const coach of coaches) {
    const rows = new Map<number, Seat[]>();
    for (const seat of coach.seats) rows.set(seat.row, [...(rows.get(seat.row) ?? []), seat]);
    const ordered = [...rows.keys()]
      .sort((a, b) => a - b)
      .map((r) => rows.get(r)!.sort((a, b) => a.col - b.col));
    for (const row of ordered) {
      for (const side of sidesOf(row, coach.layout.aisleAfter)) windows(side, count, tiers[0]!, true);
      if (count <= row.length && sidesOf(row, coach.layout.aisleAfter).every((s) => s.length < count)) {
        windows(row, count, tiers[1]!, false);
      }
    }
    if (ordered.every((row) => row.length < count)) windows(ordered.flat(), count, tiers[2]!, false);
  }
  return tiers.flat().slice(0, limit);
}

function sidesOf(row: Seat[], aisleAfter: number[]): Seat[][] {
  const sides: Seat[][] = [[]];
  for (const seat of row) {
    sides[sides.length - 1]!.push(seat);
    if (aisleAfter.includes(seat.col)) sides.push([]);
  }
  return sides.filter((s) => s.length > 0);
}

function windows(seats: Seat[], count: number, out: string[], withNeighbours: boolean): void {
  const id = (i: number) => (withNeighbours && i >= 0 && i < seats.length ? seats[i]!.id : '-');
  for (let i = 0; i + count <= seats.length; i++) {
    const group = seats.slice(i, i + count).map((s) => s.id);
    out.push(`${id(i - 2)},${id(i - 1)}|${group.join(',')}|${id(i + count)},${id(i + count + 1)}`);
  }
}

/** A candidate "farLeft,nearLeft|seat,...|nearRight,farRight" split into its parts ('-' = none). */
export function parseCandidate(c: string): { left: string[]; seats: string[]; right: string[] } {
  const [left = '', mid = '', right = ''] = c.split('|');
  const list = (p: string) => p.split(',').filter((x) => x.length > 0);
  return { left: list(left), seats: list(mid), right: list(right) };
}

/**
 * The rule of holdbest-6.lua, for stores that choose in TypeScript: the first fully free candidate
 * that leaves no lone free seat beside it, else the first fully free one, else null. A neighbour is
 * left a lone orphan if it is free and the seat beyond it is not (or there is none).
 */
export function chooseBest(
  candidates: readonly string[],
  isFree: (seatId: string) => boolean,
): string[] | null {
  const free = (s: string | undefined) => s !== undefined && s !== '-' && isFree(s);
  const orphans = (near: string | undefined, far: string | undefined) => free(near) && !free(far);
  let fallback: string[] | null = null;
  for (const c of candidates) {
    const g = parseCandidate(c);
    if (!g.seats.every(free)) continue;
    if (!orphans(g.left[1], g.left[0]) && !orphans(g.right[0], g.right[1])) return g.seats;
    fallback ??= g.seats;
  }
  return fallback;
}

/** Every seat a list of candidates mentions (groups and neighbours). */
export function seatsOfCandidates(candidates: readonly string[]): string[] {
  const all = new Set<string>();
  for (const c of candidates) {
    const g = parseCandidate(c);
    for (const s of [...g.seats, ...g.left, ...g.right]) if (s !== '-') all.add(s);
  }
  return [...all];
}
