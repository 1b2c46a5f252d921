/** Free stretches of a partly taken seat, and split journeys when no seat is free end to end. */
import { type Trip, mayHold } from '@fastpass/shared';
import { describe, expect, test } from 'vitest';
import { freeStretches } from './seat-state';
import { suggestSplit } from './split';

const trip: Trip = {
  id: 'T',
  trainName: 'Test',
  trainNumber: '1',
  date: '2026-01-01',
  stops: ['DHK', 'BBT', 'AKH', 'CTG'].map((station, index) => ({
    station,
    index,
    arrivesAt: null,
    departsAt: null,
  })),
  coaches: [
    {
      code: 'KA',
      class: 'S_CHAIR',
      layout: { rows: 1, cols: 3, aisleAfter: [] },
      seats: [
        { id: 'KA-1', label: '1', row: 1, col: 1, class: 'S_CHAIR', access: ['wheelchair'] },
        { id: 'KA-2', label: '2', row: 1, col: 2, class: 'S_CHAIR' },
        { id: 'KA-3', label: '3', row: 1, col: 3, class: 'S_CHAIR' },
      ],
    },
  ],
};
const occ = (held: number, sold = 0) => ({ held, sold, v: 1 });

describe('freeStretches', () => {
  test('the runs of free legs inside the journey', () => {
    expect(freeStretches(occ(0b010), 0b111)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(freeStretches(occ(0b100, 0b001), 0b111)).toEqual([[1, 2]]);
    expect(freeStretches(undefined, 0b110)).toEqual([[1, 3]]);
    expect(freeStretches(occ(0b111), 0b111)).toEqual([]);
  });
});

describe('suggestSplit', () => {
  const anyone = (s: Parameters<typeof mayHold>[0]) => mayHold(s);
  test('none while a seat is free all the way', () => {
    expect(suggestSplit(trip, { 'KA-2': occ(0b100) }, 'DHK', 'CTG', anyone)).toBeNull();
  });
  test('a seat change at the latest possible stop, never onto a seat the passenger may not take', () => {
    const taken = { 'KA-1': occ(0), 'KA-2': occ(0b100), 'KA-3': occ(0b011) };
    expect(suggestSplit(trip, taken, 'DHK', 'CTG', anyone)).toEqual([
      { seatId: 'KA-2', coach: 'KA', from: 'DHK', to: 'AKH' },
      { seatId: 'KA-3', coach: 'KA', from: 'AKH', to: 'CTG' },
    ]);
    // With the wheelchair need, KA-1 is free all the way: no split.
    expect(suggestSplit(trip, taken, 'DHK', 'CTG', (s) => mayHold(s, ['wheelchair']))).toBeNull();
  });
  test('none when no stop works', () => {
    const full = { 'KA-1': occ(0), 'KA-2': occ(0b010), 'KA-3': occ(0b010) };
    expect(suggestSplit(trip, full, 'DHK', 'CTG', anyone)).toBeNull();
  });
});
