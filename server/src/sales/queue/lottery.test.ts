import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commitmentOf, drawOrder, entrantHash } from './lottery';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Chi-square of a table of counts[entrant][position] against a uniform expectation. */
function chiSquare(counts: number[][], trials: number): number {
  const n = counts.length;
  const expected = trials / n;
  let chi = 0;
  for (const row of counts) for (const c of row) chi += (c - expected) ** 2 / expected;
  return chi;
}

/** Where each arrival (0 = first to arrive) ends up, over many fixed seeds. */
function positions(order: (seed: string, entrants: string[]) => string[], n: number, trials: number) {
  const entrants = Array.from({ length: n }, (_, i) => entrantHash('test-salt', `user-${i}`));
  const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let t = 0; t < trials; t++) {
    const drawn = order(sha(`fixed-seed-${t}`), entrants);
    drawn.forEach((e, pos) => {
      counts[entrants.indexOf(e)]![pos]! += 1;
    });
  }
  return counts;
}

// Critical value of chi-square with (10-1)^2 = 81 degrees of freedom at p = 0.001.
const CHI2_81_P001 = 124.84;

describe('lottery', () => {
  it('puts pre-open arrivals in a uniformly random order (chi-square over positions, fixed seeds)', () => {
    const chi = chiSquare(positions(drawOrder, 10, 4000), 4000);
    expect(chi).toBeLessThan(CHI2_81_P001);
  });

  it('the same test rejects an order that favours early arrivals (it has the power to fail)', () => {
    // A biased draw: the first arrival is moved to the front one time in five.
    const biased = (seed: string, entrants: string[]) => {
      const fair = drawOrder(seed, entrants);
      if (Number.parseInt(seed.slice(0, 2), 16) % 5 !== 0) return fair;
      return [entrants[0]!, ...fair.filter((e) => e !== entrants[0])];
    };
    expect(chiSquare(positions(biased, 10, 4000), 4000)).toBeGreaterThan(CHI2_81_P001);
  });

  it('is the documented recipe: sort by HMAC-SHA256(seed, entrant), commitment = SHA-256(seed)', () => {
    const seed = sha('x');
    const entrants = ['b', 'a', 'c', 'd'].map((u) => entrantHash('s', u));
    const byHand = [...entrants].sort((x, y) => {
      const kx = createHmac('sha256', seed).update(x).digest('hex');
      const ky = createHmac('sha256', seed).update(y).digest('hex');
      return kx < ky ? -1 : 1;
    });
    expect(drawOrder(seed, entrants)).toEqual(byHand);
    expect(commitmentOf(seed)).toBe(sha(seed));
    // Another entrant joining cannot reorder the others: each key depends on the seed and itself only.
    const more = drawOrder(seed, [...entrants, entrantHash('s', 'late-fake')]);
    expect(more.filter((e) => entrants.includes(e))).toEqual(byHand);
  });
});
