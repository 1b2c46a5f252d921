/**
 * The booking server a page talks to is stopped and started again on the same port: the page says it is
 * reconnecting, refuses clicks honestly meanwhile, then reconnects, watches the trip again and resyncs —
 * a change made through another instance while it was away shows up, my hold and another passenger's hold
 * made before the restart are still shown as they are, and live updates flow again.
 */
import { holdRow } from './db';
import {
  APP_URL,
  CONTROL_URL,
  SHORT_TTL_API_URL,
  controlServer,
  expect,
  guestToken,
  holdViaApi,
  openTripPage,
  pickFreeSeats,
  releaseViaApi,
  requireEnv,
  seat,
  seatOccupancy,
  test,
} from './fixtures';

// Whatever happens in the test, the shared booking server is running again for the tests after it.
test.afterEach(async () => {
  if (CONTROL_URL) await controlServer('start', 'server');
});

test('the live map reconnects after its booking server restarts and resyncs what it missed', async ({
  browser,
  request,
}, testInfo) => {
  requireEnv({ E2E_CONTROL_URL: CONTROL_URL, E2E_SHORT_TTL_API_URL: SHORT_TTL_API_URL });
  const pick = await pickFreeSeats(request, 4);
  const [mineId, keptId, releasedId, laterId] = pick.seatIds as [string, string, string, string];
  const other = await guestToken(request);
  const kept = await holdViaApi(request, other, pick, [keptId]);
  const released = await holdViaApi(request, other, pick, [releasedId]);

  const ctx = await browser.newContext({ baseURL: APP_URL });
  const page = await ctx.newPage();
  await openTripPage(page, pick);
  const badge = page.locator('[data-connection]');
  await seat(page, mineId).click();
  await expect(seat(page, mineId)).toHaveAttribute('data-state', 'mine');
  const myHold = page.locator('[data-hold-id]');
  await expect(myHold).toHaveCount(1);
  const myHoldId = (await myHold.getAttribute('data-hold-id')) as string;
  await expect(seat(page, keptId)).toHaveAttribute('data-state', 'held');
  await expect(seat(page, releasedId)).toHaveAttribute('data-state', 'held');
  await expect(seat(page, laterId)).toHaveAttribute('data-state', 'free');

  // The server goes away: the page says so.
  await controlServer('stop', 'server');
  await expect(badge).toHaveAttribute('data-connection', 'reconnecting');
  await expect(badge).toHaveText('Reconnecting…');
  const shot = testInfo.outputPath('reconnecting.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('reconnecting badge', { path: shot, contentType: 'image/png' });

  // A click meanwhile is refused with a message, and the seat is not left looking taken.
  await seat(page, laterId).click();
  await expect(page.locator('[data-toast="error"]')).toContainText('try again');
  await expect(seat(page, laterId)).toHaveAttribute('data-state', 'free');
  await expect(seat(page, laterId)).not.toHaveAttribute('data-pending', 'true');

  // While the page is cut off, the other passenger lets one seat go through another server instance.
  const del = await request.delete(`${SHORT_TTL_API_URL}/api/holds/${released.holdId}`, {
    headers: { authorization: `Bearer ${other}` },
  });
  expect(del.status()).toBe(204);
  await expect(seat(page, releasedId)).toHaveAttribute('data-state', 'held'); // it cannot know yet

  // Back on the same port: connected again, and the map is resynced.
  await controlServer('start', 'server');
  await expect(badge).toHaveAttribute('data-connection', 'connected', { timeout: 30_000 });
  await expect(badge).toHaveText('Live');
  await expect(seat(page, releasedId)).toHaveAttribute('data-state', 'free');
  await expect(seat(page, keptId)).toHaveAttribute('data-state', 'held');
  await expect(seat(page, mineId)).toHaveAttribute('data-state', 'mine');
  await expect(page.locator(`[data-hold-id="${myHoldId}"]`)).toBeVisible();
  expect((await holdRow(myHoldId))?.status).toBe('active');

  // Live updates flow again: a new hold by someone else appears.
  const later = await holdViaApi(request, other, pick, [laterId]);
  await expect(seat(page, laterId)).toHaveAttribute('data-state', 'held');

  // And the page's own actions work on the new connection: releasing my hold frees the seat everywhere.
  await seat(page, mineId).click();
  await expect(seat(page, mineId)).toHaveAttribute('data-state', 'free');
  await expect(page.locator('[data-hold-id]')).toHaveCount(0);
  expect(await seatOccupancy(request, pick.tripId, mineId)).toMatchObject({ held: 0 });
  await expect
    .poll(async () => (await holdRow(myHoldId))?.status, { message: 'my hold in Postgres' })
    .toBe('released');

  await releaseViaApi(request, other, kept.holdId);
  await releaseViaApi(request, other, later.holdId);
  await ctx.close();
});
