/**
 * A hold that runs out: its owner is told and the seat goes back, and another browser watching the trip
 * through another server instance sees it go from held to free within about a second of `expiresAt`.
 * Browser A uses the short-TTL booking server (HOLD_TTL_SECONDS of a few seconds) through its own app
 * instance; browser B uses the normal server and app.
 */
import type { Page } from '@playwright/test';
import { holdRow } from './db';
import {
  APP_URL,
  SHORT_TTL_APP_URL,
  SHORT_TTL_SECONDS,
  expect,
  openTripPage,
  pickFreeSeats,
  requireEnv,
  seat,
  seatOccupancy,
  test,
} from './fixtures';

interface Recording {
  /** Each change of the seat's `data-state`, with the page's clock. */
  states: { state: string | null; at: number }[];
  /** Every hold id and countdown text that appeared in the "Your seats" panel. */
  holdIds: string[];
  timers: string[];
}

/**
 * Records, inside the page, what the seat and the hold panel show as it happens: with a hold of a few
 * seconds on a loaded machine, polling from the test could miss the short-lived states.
 */
async function startRecording(page: Page, seatId: string): Promise<void> {
  await page.evaluate((id) => {
    const el = document.querySelector(`[data-seat-id="${CSS.escape(id)}"]`);
    const panel = document.querySelector('aside[aria-label="Your seats"]');
    if (!el || !panel) throw new Error(`no seat ${id} or no hold panel`);
    const rec: Recording = { states: [], holdIds: [], timers: [] };
    (window as Window & { __recording?: Recording }).__recording = rec;
    new MutationObserver(() =>
      rec.states.push({ state: el.getAttribute('data-state'), at: Date.now() }),
    ).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    new MutationObserver(() => {
      panel.querySelectorAll('[data-hold-id]').forEach((item) => {
        const holdId = item.getAttribute('data-hold-id') as string;
        if (!rec.holdIds.includes(holdId)) rec.holdIds.push(holdId);
      });
      const timer = panel.querySelector('[role="timer"]')?.textContent;
      if (timer && !rec.timers.includes(timer)) rec.timers.push(timer);
    }).observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
  }, seatId);
}

async function recording(page: Page): Promise<Recording> {
  return page.evaluate(() => {
    const rec = (window as Window & { __recording?: Recording }).__recording;
    if (!rec) throw new Error('not recording');
    return rec;
  });
}

test('a hold that runs out frees the seat for its owner and for every other viewer', async ({
  browser,
  request,
}, testInfo) => {
  requireEnv({ E2E_SHORT_TTL_APP_URL: SHORT_TTL_APP_URL, E2E_SHORT_TTL_SECONDS: SHORT_TTL_SECONDS });
  const pick = await pickFreeSeats(request);
  const ctxA = await browser.newContext({ baseURL: SHORT_TTL_APP_URL });
  const ctxB = await browser.newContext({ baseURL: APP_URL });
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  await openTripPage(a, pick);
  await openTripPage(b, pick);
  await expect(seat(b, pick.seatId)).toHaveAttribute('data-state', 'free');

  await expect(seat(a, pick.seatId)).toHaveAttribute('data-state', 'free');
  await startRecording(a, pick.seatId);
  await startRecording(b, pick.seatId);

  // A holds the seat; its countdown runs out; A is told and the seat is free again.
  await seat(a, pick.seatId).click();
  const told = a.locator('[data-toast="info"]', {
    hasText: `Your hold on ${pick.seatId} expired — the seats went back`,
  });
  await told.waitFor({ state: 'visible', timeout: SHORT_TTL_SECONDS * 1000 + 20_000 });
  // At once: the notice goes away by itself after a few seconds.
  const shot = testInfo.outputPath('hold-expired.png');
  await a.screenshot({ path: shot });
  await testInfo.attach('hold expired (browser A)', { path: shot, contentType: 'image/png' });
  await expect(seat(a, pick.seatId)).toHaveAttribute('data-state', 'free');
  await expect(a.locator('[data-hold-id]')).toHaveCount(0);
  await expect(a.getByTestId('announcer')).toHaveText(`Your hold on ${pick.seatId} expired`);

  // What A showed meanwhile: the seat as mine, one hold in the panel, a countdown of a few seconds.
  const seenA = await recording(a);
  expect(seenA.states.map((e) => e.state)).toEqual(['mine', 'free']);
  expect(seenA.holdIds).toHaveLength(1);
  const holdId = seenA.holdIds[0] as string;
  expect(seenA.timers.length).toBeGreaterThan(0);
  for (const text of seenA.timers) expect(text).toMatch(/^◷ 0:0\d$|^expired$/);

  // B, on the other server instance: held → free, not before expiresAt and soon after it.
  await expect(seat(b, pick.seatId)).toHaveAttribute('data-state', 'free');
  const seenB = await recording(b);
  expect(seenB.states.map((e) => e.state)).toEqual(['held', 'free']);

  // The server agrees: the hold had the short TTL, the seat is free, and the Postgres row is ended as expired.
  const row = await holdRow(holdId);
  expect(row, 'hold row in Postgres').not.toBeNull();
  expect(row?.ttlSeconds).toBeCloseTo(SHORT_TTL_SECONDS, 0);
  const expiresAtMs = row?.expiresAtMs as number;
  const freedAt = (seenB.states[1] as Recording['states'][number]).at;
  testInfo.annotations.push({
    type: 'expiry lag',
    description: `seat free on B ${freedAt - expiresAtMs} ms after expiresAt`,
  });
  expect(freedAt).toBeGreaterThanOrEqual(expiresAtMs - 50);
  // Freed by the sweeper's broadcast, not by some later operation on the trip. The 1 s from expiresAt
  // to the broadcast is asserted server-side (server/test/expiry.test.ts); here rendering under a
  // loaded CI box adds its own lag (1.66 s seen once with 2 browsers and 5 servers on 2 cores), so
  // the bound only rules out a missing sweep and the lag is recorded above.
  expect(freedAt - expiresAtMs).toBeLessThan(5000);
  expect(await seatOccupancy(request, pick.tripId, pick.seatId)).toMatchObject({ held: 0, sold: 0 });
  await expect
    .poll(async () => (await holdRow(holdId))?.status, { message: 'hold status in Postgres' })
    .toBe('expired');
  const ended = await holdRow(holdId);
  expect(ended?.endedAt).not.toBeNull();
  expect(ended?.seatsActive).toBe(false);

  await ctxA.close();
  await ctxB.close();
});
