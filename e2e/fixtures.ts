/** Shared fixtures: the API under test, separate browser instances, and picking a seat nobody else uses. */
import { type SeatsResponse, type TripResponse, type TripsResponse, zonedDate } from '@fastpass/shared';
import {
  type APIRequestContext,
  type Browser,
  type Page,
  test as base,
  chromium,
  expect,
} from '@playwright/test';
import { LAUNCH_OPTIONS } from './browser';

export const API_URL = (process.env.E2E_API_URL || 'http://127.0.0.1:4000').replace(/\/+$/, '');
export const APP_URL = (process.env.E2E_APP_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');

export interface SeatPick {
  tripId: string;
  coach: string;
  seatId: string;
  from: string;
  to: string;
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/** Trips a passenger can book now: today's that have not closed yet, and tomorrow's. */
export async function bookableTrips(api: APIRequestContext): Promise<TripsResponse> {
  // Both days: late in the day today's only bookable trips may be small ones other tests made, or none.
  const out: TripsResponse = [];
  for (const days of [0, 1]) {
    const date = zonedDate('Asia/Dhaka', days);
    const trips = (await (await api.get(`${API_URL}/api/trips?date=${date}`)).json()) as TripsResponse;
    out.push(...trips.filter((t) => t.bookable));
  }
  return out;
}

/** A random bookable trip (today's or tomorrow's) and `count` random seats of one coach that are free on every leg. */
export async function pickFreeSeats(
  api: APIRequestContext,
  count = 1,
  opts: { adjacentRow?: boolean } = {},
): Promise<SeatPick & { seatIds: string[] }> {
  const trips = await bookableTrips(api);
  expect(trips.length, 'the server lists bookable trips for today or tomorrow').toBeGreaterThan(0);
  for (const summary of shuffle(trips)) {
    const trip = (await (await api.get(`${API_URL}/api/trips/${summary.id}`)).json()) as TripResponse;
    const occ = (await (await api.get(`${API_URL}/api/trips/${summary.id}/seats`)).json()) as SeatsResponse;
    const busy = new Set(occ.seats.filter((s) => s.held !== 0 || s.sold !== 0).map((s) => s.id));
    for (const coach of shuffle(trip.coaches)) {
      // Wheelchair spaces and priority seats need a ticked need: the plain flows pick other seats.
      const free = coach.seats.filter((s) => !busy.has(s.id) && !s.access?.some((a) => a !== 'companion'));
      let chosen: string[] = [];
      if (opts.adjacentRow) {
        const rows = shuffle([...new Set(free.map((s) => s.row))]);
        for (const row of rows) {
          const inRow = free.filter((s) => s.row === row);
          if (inRow.length >= count) {
            chosen = inRow.slice(0, count).map((s) => s.id);
            break;
          }
        }
      } else if (free.length >= count) {
        chosen = shuffle(free)
          .slice(0, count)
          .map((s) => s.id);
      }
      if (chosen.length === count) {
        const stops = trip.stops.map((s) => s.station);
        return {
          tripId: trip.id,
          coach: coach.code,
          seatId: chosen[0] as string,
          seatIds: chosen,
          from: stops[0] as string,
          to: stops[stops.length - 1] as string,
        };
      }
    }
  }
  throw new Error('no trip with enough free seats');
}

/** Opens the trip page on the pick's coach and waits until the map is live. */
export async function openTripPage(page: Page, pick: SeatPick): Promise<void> {
  await page.goto(`/trips/${encodeURIComponent(pick.tripId)}?from=${pick.from}&to=${pick.to}`, {
    waitUntil: 'domcontentloaded',
  });
  const tab = page.locator(`[role="tab"][data-coach="${pick.coach}"]`);
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);
}

export function seat(page: Page, seatId: string) {
  return page.locator(`[data-seat-id="${seatId}"]`);
}

export async function seatOccupancy(api: APIRequestContext, tripId: string, seatId: string) {
  const occ = (await (await api.get(`${API_URL}/api/trips/${tripId}/seats`)).json()) as SeatsResponse;
  return occ.seats.find((s) => s.id === seatId) ?? { id: seatId, held: 0, sold: 0 };
}

interface Fixtures {
  /** Launches `n` separate Chromium processes (not just contexts); all are closed after the test. */
  launchBrowsers: (n: number) => Promise<Browser[]>;
  /**
   * A fresh page of its own browser context at the given viewport; `locale` also sets the browser's
   * Accept-Language (e.g. 'bn-BD'), `reducedMotion` its prefers-reduced-motion.
   */
  pageAt: (
    width: number,
    height: number,
    opts?: { locale?: string; reducedMotion?: 'reduce' | 'no-preference' },
  ) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  launchBrowsers: async ({ browserName }, use) => {
    void browserName;
    const launched: Browser[] = [];
    await use(async (n) => {
      const browsers = await Promise.all(Array.from({ length: n }, () => chromium.launch(LAUNCH_OPTIONS)));
      launched.push(...browsers);
      return browsers;
    });
    await Promise.all(launched.map((b) => b.close()));
  },
  pageAt: async ({ browser, baseURL }, use) => {
    const contexts: Awaited<ReturnType<Browser['newContext']>>[] = [];
    await use(async (width, height, opts = {}) => {
      const ctx = await browser.newContext({ viewport: { width, height }, baseURL, ...opts });
      contexts.push(ctx);
      return ctx.newPage();
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});

export { expect };

/** A throwaway passenger for direct API calls. */
export async function guestToken(api: APIRequestContext): Promise<string> {
  const res = await api.post(`${API_URL}/api/auth/guest`);
  expect(res.status()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** Holds seats over the REST API as another passenger (so browsers see them `held`). */
export async function holdViaApi(api: APIRequestContext, token: string, pick: SeatPick, seatIds: string[]) {
  const res = await api.post(`${API_URL}/api/trips/${pick.tripId}/holds`, {
    headers: { authorization: `Bearer ${token}` },
    data: { seatIds, from: pick.from, to: pick.to },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { holdId: string };
}

export async function releaseViaApi(api: APIRequestContext, token: string, holdId: string): Promise<void> {
  await api.delete(`${API_URL}/api/holds/${holdId}`, { headers: { authorization: `Bearer ${token}` } });
}

/** The guest token a page signed in with (kept in its localStorage). */
export async function pageToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => window.localStorage.getItem('fastpass.token'));
  expect(token).toBeTruthy();
  return token as string;
}

/** A second booking server (same Postgres and Redis) whose holds last only a few seconds, and an app on it. */
export const SHORT_TTL_API_URL = (process.env.E2E_SHORT_TTL_API_URL || '').replace(/\/+$/, '');
export const SHORT_TTL_APP_URL = (process.env.E2E_SHORT_TTL_APP_URL || '').replace(/\/+$/, '');
export const SHORT_TTL_SECONDS = Number(process.env.E2E_SHORT_TTL_SECONDS || 0);
/** scripts/test.mjs's control endpoint: stops and starts its booking servers (`server`, `short-ttl`). */
export const CONTROL_URL = (process.env.E2E_CONTROL_URL || '').replace(/\/+$/, '');

/** Fails with a clear message when the suite runs without what scripts/test.mjs provides. */
export function requireEnv(values: Record<string, string | number>): void {
  const missing = Object.entries(values)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  expect(missing, 'environment set by scripts/test.mjs (run `npm test`)').toEqual([]);
}

/** Stops or starts one of the booking servers scripts/test.mjs started; resolves once done (a start: ready). */
export async function controlServer(action: 'stop' | 'start' | 'restart', name: string): Promise<void> {
  const res = await fetch(`${CONTROL_URL}/${action}/${name}`, { method: 'POST' });
  const body = await res.text();
  expect(res.status, `${action} ${name}: ${body}`).toBe(200);
}
