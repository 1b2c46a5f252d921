/** The race: separate Chromium browsers click the same free seat at the same moment; exactly one gets it. */
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { APP_URL, expect, openTripPage, pickFreeSeats, seat, seatOccupancy, test } from './fixtures';

async function race(
  n: number,
  launchBrowsers: (n: number) => Promise<Browser[]>,
  request: APIRequestContext,
) {
  const pick = await pickFreeSeats(request);
  const browsers = await launchBrowsers(n);
  const pages: Page[] = await Promise.all(
    browsers.map(async (b) => {
      const ctx = await b.newContext({ baseURL: APP_URL, viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await openTripPage(page, pick);
      return page;
    }),
  );
  const seats = pages.map((p) => seat(p, pick.seatId));
  await Promise.all(seats.map((s) => expect(s).toHaveAttribute('data-state', 'free')));

  // Everybody clicks at once.
  await Promise.all(seats.map((s) => s.click()));

  // Exactly one browser shows the seat as its own; every other browser shows it held.
  const expected = ['mine', ...Array.from({ length: n - 1 }, () => 'held')].sort().join(',');
  await expect
    .poll(async () => (await Promise.all(seats.map((s) => s.getAttribute('data-state')))).sort().join(','), {
      timeout: 5000,
    })
    .toBe(expected);
  for (const s of seats) await expect(s).not.toHaveAttribute('data-pending', 'true');

  const occ = await seatOccupancy(request, pick.tripId, pick.seatId);
  expect(occ.held, 'the server holds the seat').not.toBe(0);
  expect(occ.sold).toBe(0);
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

test('five separate browsers race for one seat: exactly one wins within a second', async ({
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
