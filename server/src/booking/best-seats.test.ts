import type { Coach, Seat } from '@fastpass/shared';
import { describe, expect, it } from 'vitest';
import { bestSeatCandidates } from './best-seats';

function coach(code: string, rows: number, cols: number, aisleAfter: number[]): Coach {
  const seats: Seat[] = [];
  let n = 0;
  for (let row = 1; row <= rows; row++)
    for (let col = 1; col <= cols; col++)
      seats.push({ id: `${code}-${++n}`, label: String(n), row, col, class: 'S' });
  return { code, class: 'S', layout: { rows, cols, aisleAfter }, seats };
}

describe('bestSeatCandidates', () => {
  it('prefers pairs on one side of the aisle, with their same-side neighbours', () => {
    const c = bestSeatCandidates([coach('A', 2, 5, [2])], 2);
    // Row 1: sides [1,2] and [3,4,5].
    expect(c.slice(0, 3)).toEqual(['-,-|A-1,A-2|-,-', '-,-|A-3,A-4|A-5,-', '-,A-3|A-4,A-5|-,-']);
  });
  it('crosses the aisle only when no side is wide enough', () => {
    const c = bestSeatCandidates([coach('A', 1, 4, [2])], 3);
    expect(c).toEqual(['-,-|A-1,A-2,A-3|-,-', '-,-|A-2,A-3,A-4|-,-']);
  });
  it('spans rows for groups larger than a row', () => {
    const c = bestSeatCandidates([coach('A', 2, 2, [])], 3);
    expect(c).toEqual(['-,-|A-1,A-2,A-3|-,-', '-,-|A-2,A-3,A-4|-,-']);
  });
});
