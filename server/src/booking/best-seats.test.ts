import type { Coach, Seat } from '@fastpass/shared';
import { describe, expect, it } from 'vitest';
import { bestSeatCandidates, chooseBest, seatsOfCandidates } from './best-seats';

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

describe('chooseBest (the rule of holdbest-6.lua)', () => {
  const free = (busy: string[]) => (s: string) => !busy.includes(s);
  const candidates = ['-,-|A-1,A-2|-,-', '-,-|A-3,A-4|A-5,-', '-,A-3|A-4,A-5|-,-'];
  it('takes the first fully free group that leaves no lone seat', () => {
    expect(chooseBest(candidates, free([]))).toEqual(['A-1', 'A-2']);
    // A-1 taken: would strand A-5 alone; would strand A-3: both orphan, so the first free.
    expect(chooseBest(candidates, free(['A-1']))).toEqual(['A-3', 'A-4']);
    // With A-5 taken, A-3,A-4 strands nobody.
    expect(chooseBest(candidates, free(['A-1', 'A-5']))).toEqual(['A-3', 'A-4']);
    // With A-3 taken, only is free, and it strands nobody.
    expect(chooseBest(candidates, free(['A-1', 'A-3']))).toEqual(['A-4', 'A-5']);
  });
  it('prefers a later group that strands no one over an earlier one that does', () => {
    const c = ['-,-|B-2,B-3|B-4,-', '-,-|C-1,C-2|-,-'];
    expect(chooseBest(c, free(['B-1']))).toEqual(['C-1', 'C-2']);
    expect(chooseBest(c, free(['C-1']))).toEqual(['B-2', 'B-3']);
  });
  it('answers null when no group is fully free', () => {
    expect(chooseBest(candidates, free(['A-1', 'A-4']))).toBeNull();
    expect(seatsOfCandidates(candidates).sort()).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
  });
});
