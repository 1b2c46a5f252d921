import { describe, expect, it } from 'vitest';
import { parseOccupancy } from './hold-codec';

describe('parseOccupancy (snapshot-6.lua reply)', () => {
  it('reads every seat, ids with the value separator included', () => {
    expect(parseOccupancy('A1\u00003:0:17\u0000B:2\u00000:12:9007199254740')).toEqual([
      { id: 'A1', held: 3, sold: 0, v: 17 },
      { id: 'B:2', held: 0, sold: 12, v: 9007199254740 },
    ]);
  });

  it('reads a trip with no seat entries as none', () => {
    expect(parseOccupancy('')).toEqual([]);
  });

  it('refuses a damaged reply rather than inventing seats', () => {
    expect(() => parseOccupancy('A1\u00003:0')).toThrow(/damaged occupancy/);
    expect(() => parseOccupancy('A1')).toThrow(/damaged occupancy/);
  });
});
