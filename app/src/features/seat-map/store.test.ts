/** The trip store without a browser: per-seat versions make updates idempotent and order-insensitive. */
import type { Hold, Trip } from '@fastpass/shared';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createTranslator } from 'next-intl';
import en from '../../../messages/en.json';
import { type HoldEndReason, tripMessages } from './messages';
import { seatStateOf } from './seat-state';
import { createTripStore as createStore, selectSeatState } from './store';

const t = createTranslator({ locale: 'en', messages: en, namespace: 'tripMessages' });
const msg = tripMessages((key, values) => t(key as never, values as never));
const { holdEnded, holdHint } = msg;
const createTripStore = (init: { tripId: string }) => createStore({ ...init, messages: msg });

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
  maxSeatsPerUser: 3,
  holdTtlSeconds: 480,
};

function hold(holdId: string, seatIds: string[], from: string, to: string, ttlMs = 60_000): Hold {
  return { holdId, tripId: 'T1', seatIds, from, to, expiresAt: new Date(Date.now() + ttlMs).toISOString() };
}

/** A store showing the trip, with my hold h1 on KA-2 for the whole trip, still held at version 10. */
function withMyHold() {
  const store = createTripStore({ tripId: 'T1' });
  store.getState().setTrip(trip);
  store
    .getState()
    .applySnapshot({ tripId: 'T1', version: 10, seats: [{ id: 'KA-2', held: 0b11, sold: 0, v: 10 }] });
  store.getState().addHold(hold('h1', ['KA-2'], 'DHK', 'CTG'));
  return store;
}

// Toasts dismiss themselves with timers; keep them from outliving a test.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

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

test('the seat limit and hold time come from the trip the server sent, unknown until then', () => {
  const store = createTripStore({ tripId: 'T1' });
  expect(store.getState().maxSeats).toBeNull();
  expect(store.getState().holdTtlSeconds).toBeNull();
  store.getState().setTrip(trip);
  expect(store.getState().maxSeats).toBe(3);
  expect(store.getState().holdTtlSeconds).toBe(480);
  expect(holdHint(480, 3)).toBe('Tap a free seat to hold it for 8 minutes. Up to 3 seats per trip.');
  expect(holdHint(8, null)).toBe('Tap a free seat to hold it for 8 seconds.');
  store.getState().reportError({ code: 'LIMIT_EXCEEDED', message: 'over' });
  expect(store.getState().toasts.at(-1)?.text).toBe('You can hold or buy at most 3 seats on one trip');
});

describe('endHold: one way a hold ends, whatever reported it', () => {
  const reasons: HoldEndReason[] = ['released', 'expired', 'lost'];
  for (const reason of reasons) {
    test(`${reason}: the seat is free for its journey at once, never "held by another"`, () => {
      const store = withMyHold();
      const s2 = selectSeatState('KA-2');
      expect(s2(store.getState())).toBe('mine');
      // The ack or hold:expired arrives before the coalesced seat:update: the occupancy at v10 still has my legs.
      expect(store.getState().endHold('h1', reason)?.holdId).toBe('h1');
      expect(store.getState().holds).toEqual({});
      expect(s2(store.getState())).toBe('free');
      // Ending it again (the local timer after the server event) says nothing twice.
      const told = store.getState().toasts.length;
      expect(store.getState().endHold('h1', reason)).toBeUndefined();
      expect(store.getState().toasts).toHaveLength(told);
      // The next version decides from then on (here someone else took the seat at once).
      store
        .getState()
        .applyUpdate({ tripId: 'T1', version: 12, seats: [{ id: 'KA-2', held: 0b11, sold: 0, v: 12 }] });
      expect(s2(store.getState())).toBe('held');
    });
  }

  test('purchased: the seat shows sold at once, not free and not held', () => {
    const store = withMyHold();
    store.getState().endHold('h1', 'purchased');
    expect(selectSeatState('KA-2')(store.getState())).toBe('sold');
  });

  test('each reason tells the user its own message, as toast and announcement', () => {
    const cases: [HoldEndReason, string | null, string][] = [
      ['released', null, 'Released KA-2'],
      ['expired', 'Your hold on KA-2 expired — the seats went back', 'Your hold on KA-2 expired'],
      ['lost', 'Your hold on KA-2 ended and the seats went back', 'Your hold on KA-2 ended'],
      ['purchased', 'KA-2 is booked', 'KA-2 booked'],
    ];
    for (const [reason, toast, announcement] of cases) {
      const store = withMyHold();
      store.getState().endHold('h1', reason);
      const s = store.getState();
      expect(s.toasts.map((t) => t.text)).toEqual(toast ? [toast] : []);
      expect(s.announcement).toBe(announcement);
      expect(holdEnded(reason, ['KA-2'])).toEqual({
        toast: toast ? { kind: expect.any(String), text: toast } : null,
        announcement,
      });
    }
    expect(holdEnded('expired', ['KA-1', 'KA-2']).toast?.kind).toBe('info');
  });

  test('only my legs come off: another passenger’s hold on the other leg still shows', () => {
    const store = createTripStore({ tripId: 'T1' });
    store.getState().setTrip(trip);
    const s1 = selectSeatState('KA-1');
    store.getState().setJourney('DHK', 'BBT');
    store.getState().addHold(hold('h1', ['KA-1'], 'BBT', 'CTG'));
    store
      .getState()
      .applyUpdate({ tripId: 'T1', version: 13, seats: [{ id: 'KA-1', held: 0b11, sold: 0, v: 13 }] });
    store.getState().endHold('h1', 'expired');
    expect(s1(store.getState())).toBe('held');
    store.getState().setJourney('DHK', 'CTG');
    expect(s1(store.getState())).toBe('unavailable');
    store.getState().setJourney('BBT', 'CTG');
    expect(s1(store.getState())).toBe('free');
  });

  test('the local timer ends an unreported hold as expired, after a grace period', () => {
    const store = withMyHold();
    const expiresAt = Date.parse(store.getState().holds.h1?.expiresAt ?? '');
    store.getState().expireHolds(expiresAt + 1000);
    expect(store.getState().holds.h1).toBeDefined();
    store.getState().expireHolds(expiresAt + 3000);
    expect(store.getState().holds).toEqual({});
    expect(selectSeatState('KA-2')(store.getState())).toBe('free');
    expect(store.getState().toasts.map((t) => [t.kind, t.text])).toEqual([
      ['info', 'Your hold on KA-2 expired — the seats went back'],
    ]);
  });

  test('a resync ends the holds whose seats are no longer mine, and keeps the others', () => {
    const store = withMyHold();
    store.getState().addHold(hold('h2', ['KA-1'], 'DHK', 'BBT'));
    store.getState().applySnapshot({
      tripId: 'T1',
      version: 20,
      seats: [
        { id: 'KA-1', held: 0, sold: 0, v: 18 },
        { id: 'KA-2', held: 0b11, sold: 0, v: 10 },
      ],
    });
    store.getState().reconcileHolds(Date.now());
    expect(Object.keys(store.getState().holds)).toEqual(['h1']);
    expect(store.getState().toasts.map((t) => t.text)).toEqual([
      'Your hold on KA-1 ended and the seats went back',
    ]);
    // Past its expiry it ends as expired even if the snapshot still shows it.
    store.getState().reconcileHolds(Date.now() + 120_000);
    expect(store.getState().holds).toEqual({});
    expect(store.getState().announcement).toBe('Your hold on KA-2 expired');
  });

  test('live-change announcements do not talk over a hold notice', () => {
    const store = withMyHold();
    store.getState().endHold('h1', 'expired');
    store
      .getState()
      .applyUpdate({ tripId: 'T1', version: 11, seats: [{ id: 'KA-1', held: 0b11, sold: 0, v: 11 }] });
    store.getState().announceSeatChanges(['KA-1'], Date.now());
    expect(store.getState().announcement).toBe('Your hold on KA-2 expired');
    store.getState().announceSeatChanges(['KA-1'], Date.now() + 5000);
    expect(store.getState().announcement).toBe('Seat KA-1 changed');
  });
});
