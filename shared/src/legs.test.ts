import { describe, expect, it } from 'vitest';
import { isAvailable, journeyMask, legMask, legRange, legsOf } from './legs';

describe('leg masks', () => {
  const stops = ['DHK', 'DAP', 'NRS', 'BBT', 'CTG'];
  it('a journey occupies legs from(index) .. to(index)-1', () => {
    expect(journeyMask(stops, 'DHK', 'BBT')).toBe(0b0111);
    expect(journeyMask(stops, 'BBT', 'CTG')).toBe(0b1000);
    expect(legsOf(journeyMask(stops, 'DAP', 'CTG')!)).toEqual([1, 2, 3]);
  });
  it('rejects reversed, equal or unknown stations', () => {
    expect(journeyMask(stops, 'CTG', 'DHK')).toBeNull();
    expect(journeyMask(stops, 'DHK', 'DHK')).toBeNull();
    expect(journeyMask(stops, 'DHK', 'SYL')).toBeNull();
  });
  it('turns a journey mask back into its legs, and refuses anything that is not one journey', () => {
    expect(legRange(0b0111)).toEqual({ lo: 0, hi: 3 });
    expect(legRange(0b1000)).toEqual({ lo: 3, hi: 4 });
    expect(legRange(legMask(0, 30))).toEqual({ lo: 0, hi: 30 });
    for (const lo of [0, 4, 17])
      for (const hi of [lo + 1, 29, 30]) expect(legRange(legMask(lo, hi))).toEqual({ lo, hi });
    expect(() => legRange(0b0101)).toThrow(RangeError);
    expect(() => legRange(0)).toThrow(RangeError);
    expect(() => legRange(2 ** 30)).toThrow(RangeError);
    expect(() => legRange(1.5)).toThrow(RangeError);
  });
  it('supports the 30-leg maximum exactly', () => {
    expect(legMask(0, 30)).toBe(2 ** 30 - 1);
    expect(() => legMask(0, 31)).toThrow(RangeError);
    expect(() => legMask(3, 3)).toThrow(RangeError);
  });
  it('availability: adjacent journeys fit, overlapping ones do not', () => {
    const seat = { held: journeyMask(stops, 'DHK', 'BBT')!, sold: 0 };
    expect(isAvailable(seat, journeyMask(stops, 'BBT', 'CTG')!)).toBe(true);
    expect(isAvailable(seat, journeyMask(stops, 'NRS', 'CTG')!)).toBe(false);
    expect(isAvailable({ held: 0, sold: 0b1000 }, journeyMask(stops, 'DHK', 'CTG')!)).toBe(false);
  });
});
