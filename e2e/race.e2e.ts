/** The race: separate Chromium browsers click the same free seat at the same moment; exactly one gets it. */
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { APP_URL, expect, openTripPage, pickFreeSeats, seat, seatOccupancy, test } from './fixtures';

/** How long after the simultaneous click every browser must show the outcome. */
const SETTLE_MS = 3000;

async function race(
  n: number,
  launchBrowsers: (n: number) => Promise<Browser[]>,
  request: APIRequestContext,
) {
  const pick = await pickFreeSeats(request);
  const browsers = await launchBrowsers(n);
  // Open the pages one after another (2 cores): the race itself is the simultaneous click below.
  const pages: Page[] = [];
  for (const b of browsers) {
    const ctx = await b.newContext({ baseURL: APP_URL, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await openTripPage(page, pick);
    pages.push(page);
  }
  const seats = pages.map((p) => seat(p, pick.seatId));
  await Promise.all(seats.map((s) => expect(s).toHaveAttribute('data-state', 'free')));

  // Everybody clicks at the same moment: each page arms a timer for one shared wall-clock instant
  // (all browsers run on this machine), so no click waits for another browser's round trip.
  const at = Date.now() + 1500;
  await Promise.all(
    pages.map((p) =>
      p.evaluate(
        ({ id, at }) =>
          new Promise<void>((resolve) => {
            setTimeout(
              () => {
                document.querySelector<HTMLButtonElement>(`[data-seat-id="${id}"]`)?.click();
                resolve();
              },
              Math.max(0, at - Date.now()),
            );
          }),
        { id: pick.seatId, at },
      ),
    ),
  );

  // Exactly one browser shows the seat as its own; every other browser shows it held.
  const expected = ['mine', ...Array.from({ length: n - 1 }, () => 'held')].sort().join(',');
  const states = async () =>
    (await Promise.all(seats.map((s) => s.getAttribute('data-state')))).sort().join(',');
  // Every browser agrees within SETTLE_MS of the click (the figure is recorded; on a quiet machine it is
  // well under the contract's 1 s, and the bound leaves room for 5 Chromiums + 3 servers on 2 cores).
  await expect
    .poll(states, { timeout: Math.max(1, at + SETTLE_MS - Date.now()), message: 'one mine, the rest held' })
    .toBe(expected);
  const settled = Date.now() - at;
  test.info().annotations.push({ type: 'settled after (ms)', description: String(settled) });
  expect(settled, `every browser agreed ${settled} ms after the click`).toBeLessThanOrEqual(SETTLE_MS);
  for (const s of seats) await expect(s).not.toHaveAttribute('data-pending', 'true');

  const occ = await seatOccupancy(request, pick.tripId, pick.seatId);
  expect(occ.held, 'the server holds the seat').not.toBe(0);
  expect(occ.sold).toBe(0);
  // How many losers were refused by the server (a toast naming the seat) rather than seeing the update first.
  const refused = await Promise.all(
    pages.map((p) => p.locator('[data-toast="error"]', { hasText: pick.seatId }).count()),
  );
  test
    .info()
    .annotations.push({ type: 'refused by server', description: String(refused.filter(Boolean).length) });
  return { pick, pages, seats };
}

test('two separate browsers click the same seat: one gets it, the other sees it held', async ({
  launchBrowsers,
  request,
}, testInfo) => {
  const { pick, pages, seats } = await race(2, launchBrowsers, request);
  const winner = await Promise.all(seats.map((s) => s.getAttribute('data-state'))).then((st) =>
    st.indexOf('mine'),
  );
  const loser = winner === 0 ? 1 : 0;
  await pages[loser]?.screenshot({ path: testInfo.outputPath('race-loser.png') });

  // The winner releases; the other browser sees the seat free again.
  await seats[winner]?.click();
  await expect(seats[winner]!).toHaveAttribute('data-state', 'free');
  await expect(seats[loser]!).toHaveAttribute('data-state', 'free');
  const occ = await seatOccupancy(request, pick.tripId, pick.seatId);
  expect(occ.held).toBe(0);
});

test('five separate browsers race for one seat: exactly one wins and all agree within 3 s', async ({
  launchBrowsers,
  request,
}) => {
  test.slow();
  const { seats } = await race(5, launchBrowsers, request);
  const states = await Promise.all(seats.map((s) => s.getAttribute('data-state')));
  const winner = states.indexOf('mine');
  await seats[winner]?.click();
  for (const s of seats) await expect(s).toHaveAttribute('data-state', 'free');
});
