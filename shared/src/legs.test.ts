import { describe, expect, it } from 'vitest';
import { isAvailable, journeyMask, legMask, legsOf } from './legs';

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
