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

test('no seat can be taken before the live occupancy arrives, and the badge is not live until then', async ({
  browser,
  request,
}) => {
  const pick = await pickFreeSeats(request, 2);
  const [taken, free] = pick.seatIds as [string, string];
  const token = await guestToken(request);
  const { holdId } = await holdViaApi(request, token, pick, [taken]);

  const ctx = await browser.newContext({ baseURL: APP_URL });
  const page = await ctx.newPage();
  // The booking socket passes through here; the answer to trip:watch (an ack carrying the snapshot)
  // waits until the test lets it through.
  let letSnapshotThrough = () => {};
  const snapshotHeld = new Promise<void>((resolve) => {
    letSnapshotThrough = resolve;
  });
  const sentByPage: string[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      sentByPage.push(String(m));
      server.send(m);
    });
    server.onMessage(async (m) => {
      if (/^43\d+\[\{"ok":true,"snapshot":/.test(String(m))) await snapshotHeld;
      ws.send(m);
    });
  });
  await page.goto(`/trips/${encodeURIComponent(pick.tripId)}?from=${pick.from}&to=${pick.to}`);
  await page.locator(`[role="tab"][data-coach="${pick.coach}"]`).click();
  await expect.poll(() => sentByPage.some((m) => m.includes('"trip:watch"'))).toBe(true);

  // Connected, but the seats' state is unknown: not live, and no seat takes a click.
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', 'connecting');
  await expect(seat(page, taken)).toHaveAttribute('aria-disabled', 'true');
  await seat(page, taken).click({ force: true });
  await seat(page, free).click({ force: true });
  expect(sentByPage.filter((m) => m.includes('"seat:hold"'))).toEqual([]);

  letSnapshotThrough();
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);
  await expect(seat(page, taken)).toHaveAttribute('data-state', 'held');
  await seat(page, free).click();
  await expect(seat(page, free)).toHaveAttribute('data-state', 'mine');
  await releaseViaApi(request, token, holdId);
  await ctx.close();
});
