/** Screenshots of each main screen at phone and desktop widths, with an axe check of each (no serious/critical). */
import { expectNoSeriousA11yIssues } from './a11y';
import {
  expect,
  guestToken,
  holdViaApi,
  openTripPage,
  pickFreeSeats,
  releaseViaApi,
  seat,
  test,
} from './fixtures';

const WIDTHS = [
  { name: '390', width: 390, height: 844 },
  { name: '1440', width: 1440, height: 900 },
];

for (const size of WIDTHS) {
  test(`search and trip list at ${size.name}px`, async ({ pageAt }, testInfo) => {
    const page = await pageAt(size.width, size.height);
    await page.goto('/');
    await expect(page.getByTestId('trip-list').locator('li[data-trip-id]').first()).toBeVisible();
    await page.screenshot({
      path: testInfo.outputPath(`search-${size.name}.png`),
      fullPage: size.width < 600,
    });
    await expectNoSeriousA11yIssues(page, 'search');

    // Journey search with typed stations.
    await page.getByLabel('From', { exact: true }).fill('DHK');
    await page.getByLabel('To', { exact: true }).fill('CTG');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/from=DHK&to=CTG/);
    await expect(page.getByTestId('trip-list').locator('li[data-trip-id]').first()).toBeVisible();
  });

  test(`seat map with every state at ${size.name}px`, async ({ pageAt, request }, testInfo) => {
    const pick = await pickFreeSeats(request, 3, { adjacentRow: true });
    const other = await guestToken(request);
    const [mineId, heldId] = pick.seatIds as [string, string];
    const { holdId } = await holdViaApi(request, other, pick, [heldId]);
    const page = await pageAt(size.width, size.height);
    await openTripPage(page, pick);
    await seat(page, mineId).click();
    await expect(seat(page, mineId)).toHaveAttribute('data-state', 'mine');
    await expect(seat(page, heldId)).toHaveAttribute('data-state', 'held');
    await expect(seat(page, mineId)).toHaveAccessibleName(
      new RegExp(`^Coach ${pick.coach}, seat \\d+, .*held by you`),
    );
    await seat(page, mineId).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`seat-map-${size.name}.png`) });
    await page.screenshot({ path: testInfo.outputPath(`seat-map-${size.name}-full.png`), fullPage: true });
    await expectNoSeriousA11yIssues(page, 'seat map');

    // Keyboard: arrow keys move between seats, Enter toggles the hold. From 900 px the coach is drawn
    // lying down, so its rows run down the screen; moving along the row reaches the picked neighbour
    // (across would leave the coach when the random row is its last).
    const [next, back] = size.width >= 900 ? ['ArrowDown', 'ArrowUp'] : ['ArrowRight', 'ArrowLeft'];
    await seat(page, mineId).focus();
    await page.keyboard.press('Enter');
    await expect(seat(page, mineId)).toHaveAttribute('data-state', 'free');
    await page.keyboard.press(next);
    await expect(seat(page, mineId)).not.toBeFocused();
    await page.keyboard.press(back);
    await expect(seat(page, mineId)).toBeFocused();
    await releaseViaApi(request, other, holdId);
  });
}

test('checkout screen passes axe', async ({ pageAt, request }, testInfo) => {
  const pick = await pickFreeSeats(request);
  const page = await pageAt(1440, 900);
  await openTripPage(page, pick);
  await seat(page, pick.seatId).click();
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'mine');
  await page.getByTestId('checkout').click();
  await expect(page.getByLabel(`Passenger name for seat ${pick.seatId}`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('checkout-1440.png') });
  await expectNoSeriousA11yIssues(page, 'checkout');
  await page.getByRole('button', { name: 'Back to seats' }).click();
  // Back on the map, the coach with my held seat is shown.
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'mine');
  await seat(page, pick.seatId).click();
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'free');
});

for (const size of WIDTHS) {
  test(`kiosk board at ${size.name}px`, async ({ pageAt }, testInfo) => {
    const page = await pageAt(size.width, size.height);
    await page.goto('/kiosk?station=DHK');
    await expect(page.locator('[data-kiosk-view="board"] li[data-trip-id]').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`kiosk-${size.name}.png`) });
    await expectNoSeriousA11yIssues(page, 'kiosk');
  });
}
