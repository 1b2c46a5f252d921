/** How one seat looks for the journey being booked: pure, so it is easy to test and to select narrowly. */
export type SeatState = 'free' | 'held' | 'mine' | 'sold' | 'unavailable';

export interface Occupancy {
  held: number;
  sold: number;
  v: number;
}

/**
 * `sold` / `held`: the seat is sold / held (by someone else) over the whole journey;
 * `unavailable`: occupied on some, not all, legs of the journey (bookable for a shorter one);
 * `mine`: in one of my holds; `free`: available for the journey.
 */
export function seatStateOf(occ: Occupancy | undefined, mask: number, mine: boolean): SeatState {
  if (mine) return 'mine';
  if (!occ || mask === 0) return 'free';
  const sold = occ.sold & mask;
  const held = occ.held & mask;
  if (sold === 0 && held === 0) return 'free';
  if (sold === mask) return 'sold';
  if (held === mask) return 'held';
  return 'unavailable';
}

export const STATE_TEXT: Record<SeatState, string> = {
  free: 'free',
  held: 'held by another passenger',
  mine: 'held by you',
  sold: 'sold',
  unavailable: 'unavailable for this journey',
};

/**
 * The stretches of the journey `mask` on which a seat is free (neither held nor sold), as [first leg,
 * last leg + 1] pairs of stop indexes: what an `unavailable` seat can still be booked for.
 */
export function freeStretches(occ: Occupancy | undefined, mask: number): Array<[number, number]> {
  const busy = occ ? occ.held | occ.sold : 0;
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let leg = 0; leg <= 31; leg++) {
    const inJourney = (mask & (1 << leg)) !== 0;
    const free = inJourney && (busy & (1 << leg)) === 0;
    if (free && start < 0) start = leg;
    if (!free && start >= 0) {
      out.push([start, leg]);
      start = -1;
    }
    if (!inJourney && mask >>> leg === 0) break;
  }
  return out;
}
