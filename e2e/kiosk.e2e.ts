/** Kiosk: touch booking from the departures board, and the idle reset that releases holds. */
import { API_URL, expect, seatOccupancy, test } from './fixtures';

test('kiosk: pick a train and destination, hold a seat, idle resets to the board and releases it', async ({
  pageAt,
  request,
}, testInfo) => {
  const page = await pageAt(1440, 900);
  await page.goto('/kiosk?station=DHK&idle=20');
  const first = page.locator('[data-kiosk-view="board"] li[data-bookable="true"]').first();
  await expect(first).toBeVisible();
  const tripId = (await first.getAttribute('data-trip-id')) as string;
  await first.getByRole('button').click();
  // The stop buttons, not any button of the view: the top bar's buttons are there before the stops load.
  await page.locator('[data-destination]').last().click();
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);

  const free = page.locator('[data-state="free"]').first();
  const seatId = (await free.getAttribute('data-seat-id')) as string;
  await free.click();
  await expect(page.locator(`[data-seat-id="${seatId}"]`)).toHaveAttribute('data-state', 'mine');
  await page.screenshot({ path: testInfo.outputPath('kiosk-seats-1440.png') });
  expect((await seatOccupancy(request, tripId, seatId)).held).not.toBe(0);

  // No touches: the warning shows, then the kiosk returns to the board and the hold is released.
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 25_000 });
  await expect(page.locator('[data-kiosk-view="board"]')).toBeVisible({ timeout: 25_000 });
  await expect
    .poll(async () => (await seatOccupancy(request, tripId, seatId)).held, { timeout: 5000 })
    .toBe(0);
  void API_URL;
});

test('kiosk: a booking paid on the gateway page comes back to the kiosk with its ticket', async ({
  pageAt,
}) => {
  test.skip(process.env.PAYMENTS === 'off', 'no payment step with PAYMENTS=off');
  const page = await pageAt(1440, 900);
  await page.goto('/kiosk?station=DHK&idle=120');
  const first = page.locator('[data-kiosk-view="board"] li[data-bookable="true"]').first();
  await expect(first).toBeVisible();
  await first.getByRole('button').click();
  // The stop buttons, not any button of the view: the top bar's buttons are there before the stops load.
  await page.locator('[data-destination]').last().click();
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);
  const free = page.locator('[data-state="free"]').first();
  const seatId = (await free.getAttribute('data-seat-id')) as string;
  await free.click();
  await expect(page.locator(`[data-seat-id="${seatId}"]`)).toHaveAttribute('data-state', 'mine');

  await page.getByTestId('checkout').click();
  await page.getByLabel(`Passenger name for seat ${seatId}`).fill('Nusrat Jahan');
  await page.getByRole('button', { name: /Confirm and pay/ }).click();
  await expect(page).toHaveURL(/\/pay\/sandbox\/[^/]+$/);
  await page.getByRole('button', { name: /^Pay / }).click();

  await expect(page).toHaveURL(/\/kiosk\?station=DHK&idle=120$/);
  await expect(page.locator('[data-kiosk-view="ticket"]')).toBeVisible();
  await expect(page.locator(`[data-ticket-seat="${seatId}"]`)).toContainText('Nusrat Jahan');
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'confirmed');
  await expect(page.getByTestId('qr')).toBeVisible();
});
