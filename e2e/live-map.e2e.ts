/** Live updates re-render only the seat that changed; a refused hold rolls back with a toast naming the seat. */
import {
  APP_URL,
  expect,
  guestToken,
  holdViaApi,
  openTripPage,
  pickFreeSeats,
  releaseViaApi,
  seat,
  test,
} from './fixtures';

type RenderCounts = Record<string, number>;

test('one seat update re-renders one seat, not the map', async ({ browser, request }) => {
  const pick = await pickFreeSeats(request);
  const ctx = await browser.newContext({ baseURL: APP_URL });
  const page = await ctx.newPage();
  await openTripPage(page, pick);
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'free');
  const before = await page.evaluate(() => ({
    ...(window as Window & { __seatRenders?: RenderCounts }).__seatRenders,
  }));

  const token = await guestToken(request);
  const { holdId } = await holdViaApi(request, token, pick, [pick.seatId]);
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'held');

  const after = await page.evaluate(() => ({
    ...(window as Window & { __seatRenders?: RenderCounts }).__seatRenders,
  }));
  const rerendered = Object.keys(after).filter((id) => after[id] !== before[id]);
  expect(rerendered).toEqual([pick.seatId]);
  await releaseViaApi(request, token, holdId);
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'free');
  await ctx.close();
});

test('a hold refused by the server rolls back and names the seat', async ({ browser, request }) => {
  const pick = await pickFreeSeats(request, 2);
  const ctx = await browser.newContext({ baseURL: APP_URL });
  const page = await ctx.newPage();
  await openTripPage(page, pick);
  const [a, b] = pick.seatIds as [string, string];
  await page.getByLabel('Select several, hold together').check();
  await seat(page, a).click();
  await seat(page, b).click();
  // Someone else takes b while it is only selected here.
  const token = await guestToken(request);
  const { holdId } = await holdViaApi(request, token, pick, [b]);
  await expect(seat(page, b)).toHaveAttribute('data-state', 'held');
  await page.getByRole('button', { name: /Hold \d* ?selected/ }).click();
  await expect(page.locator('[data-toast="error"]')).toContainText(b);
  await expect(seat(page, a)).toHaveAttribute('data-state', 'free');
  await releaseViaApi(request, token, holdId);
  await ctx.close();
});
