import { describe, expect, it } from 'vitest';
import { requestHash } from './order.service';
import { fareOf } from './pricing';

describe('requestHash', () => {
  it('ignores passenger order and surrounding whitespace, but not names or holds', () => {
    const a = {
      holdId: 'h',
      passengers: [
        { seatId: 'A-1', name: 'X' },
        { seatId: 'A-2', name: 'Y' },
      ],
    };
    const b = {
      holdId: 'h',
      passengers: [
        { seatId: 'A-2', name: ' Y ' },
        { seatId: 'A-1', name: 'X' },
      ],
    };
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).not.toBe(requestHash({ ...a, holdId: 'g' }));
    expect(requestHash(a)).not.toBe(
      requestHash({ ...a, passengers: [{ seatId: 'A-1', name: 'Z' }, a.passengers[1]!] }),
    );
  });
});

describe('fareOf', () => {
  it('is base plus per-km times distance, in minor units', () => {
    expect(fareOf({ class: 'S_CHAIR', base_minor: 2000, per_km_minor: 105, currency: 'BDT' }, 80)).toBe(
      10400,
    );
    expect(() => fareOf(undefined, 10)).toThrow();
  });
});
