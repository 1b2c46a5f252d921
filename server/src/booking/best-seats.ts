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
