/** My live holds, kept in localStorage so a reload or the checkout page still knows them. */
import type { Hold } from '@fastpass/shared';

const KEY = 'fastpass.holds';

export function loadHolds(): Hold[] {
  try {
    const raw = window.localStorage.getItem(KEY);
    const holds = raw ? (JSON.parse(raw) as Hold[]) : [];
    const now = Date.now();
    return holds.filter((h) => Date.parse(h.expiresAt) > now);
  } catch {
    return [];
  }
}

export function saveHolds(holds: Hold[]): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(holds));
  } catch {
    // storage full or disabled: holds stay in memory only
  }
}

/** Replaces the stored holds of one trip, keeping the other trips' holds. */
export function saveTripHolds(tripId: string, holds: Hold[]): void {
  saveHolds([...loadHolds().filter((h) => h.tripId !== tripId), ...holds]);
}

export function forgetHold(holdId: string): void {
  saveHolds(loadHolds().filter((h) => h.holdId !== holdId));
}
