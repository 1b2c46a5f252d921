import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { DEFAULT_FEE_SCHEDULE, parseFeeSchedule, refundOf } from './refund-rules';

const tiers = parseFeeSchedule(DEFAULT_FEE_SCHEDULE);
const dep = new Date('2027-01-10T08:00:00Z');
const hoursBefore = (hours: number) => new Date(dep.getTime() - hours * 3_600_000);

describe('refund fee schedule', () => {
  it('is free at exactly 48 h and 25 % a millisecond later', () => {
    expect(refundOf(1000, dep, hoursBefore(48), tiers)).toBe(1000);
    expect(refundOf(1000, dep, new Date(hoursBefore(48).getTime() + 1), tiers)).toBe(750);
  });
  it('charges 25 % down to 4 h, 50 % below, rounding the fee up', () => {
    expect(refundOf(1001, dep, hoursBefore(4), tiers)).toBe(750);
    expect(refundOf(1001, dep, hoursBefore(3.99), tiers)).toBe(500);
    expect(refundOf(1000, dep, hoursBefore(0.001), tiers)).toBe(500);
  });
  it('refuses at and after departure', () => {
    expect(() => refundOf(1000, dep, dep, tiers)).toThrow(AppError);
    expect(() => refundOf(1000, dep, hoursBefore(-1), tiers)).toThrow(/train has left/);
  });
  it('refuses before the last tier when it does not reach departure', () => {
    expect(() => refundOf(1000, dep, hoursBefore(1), parseFeeSchedule('24:0,2:10'))).toThrow(/too close/);
  });
  it('rejects a malformed schedule', () => {
    expect(() => parseFeeSchedule('48:0,x')).toThrow(/REFUND_FEE_SCHEDULE/);
    expect(() => parseFeeSchedule('4:120')).toThrow(/REFUND_FEE_SCHEDULE/);
  });
});
