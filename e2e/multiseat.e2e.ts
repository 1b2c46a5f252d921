/** Several seats held at once, and the server's "best N together". */
import { APP_URL, expect, openTripPage, pickFreeSeats, seat, test } from './fixtures';

test('select several seats and hold them together in one hold', async ({ browser, request }) => {
  const pick = await pickFreeSeats(request, 3);
  const ctx = await browser.newContext({ baseURL: APP_URL });
  const page = await ctx.newPage();
  await openTripPage(page, pick);
  await page.getByLabel('Select several, hold together').check();
  for (const id of pick.seatIds) {
    await seat(page, id).click();
    await expect(seat(page, id)).toHaveAttribute('data-selected', 'true');
  }
  await page.getByRole('button', { name: 'Hold 3 selected' }).click();
  for (const id of pick.seatIds) await expect(seat(page, id)).toHaveAttribute('data-state', 'mine');
  const holds = page.locator('[data-hold-id]');
  await expect(holds).toHaveCount(1);
  await expect(holds.first()).toContainText(pick.seatIds.join(', '));
  await holds.first().getByRole('button', { name: 'Release' }).click();
  for (const id of pick.seatIds) await expect(seat(page, id)).toHaveAttribute('data-state', 'free');
  await ctx.close();
});

test('best available: the server picks N seats together', async ({ browser, request }) => {
  const pick = await pickFreeSeats(request, 8);
  const ctx = await browser.newContext({ baseURL: APP_URL });
  const page = await ctx.newPage();
  await openTripPage(page, pick);
  await page.getByLabel('Number of seats').selectOption('2');
  await page.getByRole('button', { name: new RegExp(`Best 2 together in ${pick.coach}`) }).click();
  const mine = page.locator('[data-state="mine"]');
  await expect(mine).toHaveCount(2);
  const ids = await mine.evaluateAll((els) => els.map((e) => e.getAttribute('data-seat-id')));
  expect(ids.every((id) => id?.startsWith(`${pick.coach}-`))).toBe(true);
  await page.locator('[data-hold-id]').first().getByRole('button', { name: 'Release' }).click();
  await expect(mine).toHaveCount(0);
  await ctx.close();
});
