/** The trip store without a browser: per-seat versions make updates idempotent and order-insensitive. */
import type { Trip } from '@fastpass/shared';
import { expect, test } from '@playwright/test';
import { seatStateOf } from '../app/src/features/seat-map/seat-state';
import { createTripStore, selectSeatState } from '../app/src/features/seat-map/store';

const trip: Trip = {
  id: 'T1',
  trainName: 'Test',
  trainNumber: '1',
  date: '2026-01-01',
  stops: ['DHK', 'BBT', 'CTG'].map((station, index) => ({
    station,
    index,
    arrivesAt: null,
    departsAt: null,
  })),
  coaches: [
    {
      code: 'KA',
      class: 'S_CHAIR',
      layout: { rows: 1, cols: 2, aisleAfter: [1] },
      seats: [
        { id: 'KA-1', label: '1', row: 1, col: 1, class: 'S_CHAIR' },
        { id: 'KA-2', label: '2', row: 1, col: 2, class: 'S_CHAIR' },
      ],
    },
  ],
};

test('seat states for a journey: free, held, sold, unavailable (partly occupied), mine', () => {
  expect(seatStateOf(undefined, 0b11, false)).toBe('free');
  expect(seatStateOf({ held: 0b11, sold: 0, v: 1 }, 0b11, false)).toBe('held');
  expect(seatStateOf({ held: 0, sold: 0b11, v: 1 }, 0b11, false)).toBe('sold');
  expect(seatStateOf({ held: 0, sold: 0b01, v: 1 }, 0b11, false)).toBe('unavailable');
  expect(seatStateOf({ held: 0, sold: 0b01, v: 1 }, 0b10, false)).toBe('free');
  expect(seatStateOf({ held: 0b11, sold: 0, v: 1 }, 0b11, true)).toBe('mine');
});

test('updates apply only when newer; snapshots never roll a seat back', () => {
  const store = createTripStore({ tripId: 'T1' });
  store.getState().setTrip(trip);
  expect(store.getState().from).toBe('DHK');
  expect(store.getState().to).toBe('CTG');
  store.getState().applySnapshot({ tripId: 'T1', version: 5, seats: [{ id: 'KA-1', held: 0, sold: 0 }] });
  const s1 = selectSeatState('KA-1');
  store
    .getState()
    .applyUpdate({ tripId: 'T1', version: 7, seats: [{ id: 'KA-1', held: 0b11, sold: 0, v: 7 }] });
  expect(s1(store.getState())).toBe('held');
  // An older update arriving late is ignored; the same update twice changes nothing.
  expect(
    store
      .getState()
      .applyUpdate({ tripId: 'T1', version: 6, seats: [{ id: 'KA-1', held: 0, sold: 0, v: 6 }] }),
  ).toEqual([]);
  expect(
    store
      .getState()
      .applyUpdate({ tripId: 'T1', version: 7, seats: [{ id: 'KA-1', held: 0b11, sold: 0, v: 7 }] }),
  ).toEqual([]);
  expect(s1(store.getState())).toBe('held');
  // A snapshot older than what we have keeps the newer seat; other trips' updates are ignored.
  store
    .getState()
    .applySnapshot({ tripId: 'T1', version: 6, seats: [{ id: 'KA-1', held: 0, sold: 0, v: 6 }] });
  expect(s1(store.getState())).toBe('held');
  store.getState().applyUpdate({ tripId: 'T2', version: 9, seats: [{ id: 'KA-1', held: 0, sold: 0, v: 9 }] });
  expect(s1(store.getState())).toBe('held');
  // A journey on the other leg only sees the seat partly occupied.
  store
    .getState()
    .applyUpdate({ tripId: 'T1', version: 8, seats: [{ id: 'KA-1', held: 0b01, sold: 0, v: 8 }] });
  expect(s1(store.getState())).toBe('unavailable');
  store.getState().setJourney('BBT', 'CTG');
  expect(s1(store.getState())).toBe('free');
});

test('my holds mark seats mine and come off on removal', () => {
  const store = createTripStore({ tripId: 'T1' });
  store.getState().setTrip(trip);
  const hold = {
    holdId: 'h1',
    tripId: 'T1',
    seatIds: ['KA-2'],
    from: 'DHK',
    to: 'CTG',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  };
  store.getState().addHold(hold);
  expect(selectSeatState('KA-2')(store.getState())).toBe('mine');
  expect(store.getState().removeHold('h1')).toEqual(hold);
  expect(selectSeatState('KA-2')(store.getState())).toBe('free');
});

test('a hold the server ended shows its seats free until the seat:update, never as held by another', () => {
  const store = createTripStore({ tripId: 'T1' });
  store.getState().setTrip(trip);
  const s2 = selectSeatState('KA-2');
  store.getState().applySnapshot({
    tripId: 'T1',
    version: 10,
    seats: [
      { id: 'KA-1', held: 0b01, sold: 0, v: 9 },
      { id: 'KA-2', held: 0b11, sold: 0, v: 10 },
    ],
  });
  const hold = (holdId: string, seatIds: string[], from: string, to: string) => ({
    holdId,
    tripId: 'T1',
    seatIds,
    from,
    to,
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  });
  store.getState().addHold(hold('h2', ['KA-2'], 'DHK', 'CTG'));
  // hold:expired arrives before the coalesced seat:update: the occupancy at v10 still has my legs.
  store.getState().endHold('h2');
  expect(s2(store.getState())).toBe('free');
  // The update with the next version decides from then on (here someone else took the seat at once).
  store
    .getState()
    .applyUpdate({ tripId: 'T1', version: 12, seats: [{ id: 'KA-2', held: 0b11, sold: 0, v: 12 }] });
  expect(s2(store.getState())).toBe('held');

  // Only my legs come off: another passenger's hold on the other leg still shows.
  const s1 = selectSeatState('KA-1');
  store.getState().setJourney('DHK', 'BBT');
  store.getState().addHold(hold('h1', ['KA-1'], 'BBT', 'CTG'));
  store
    .getState()
    .applyUpdate({ tripId: 'T1', version: 13, seats: [{ id: 'KA-1', held: 0b11, sold: 0, v: 13 }] });
  store.getState().endHold('h1');
  expect(s1(store.getState())).toBe('held');
  store.getState().setJourney('DHK', 'CTG');
  expect(s1(store.getState())).toBe('unavailable');
  store.getState().setJourney('BBT', 'CTG');
  expect(s1(store.getState())).toBe('free');
});
