/**
 * The waiting room in real browsers: three passengers wait for a queued sale to open, see their places
 * drawn and moving, are admitted one by one in that order, and each then holds a seat.
 */
import type { TripResponse } from '@fastpass/shared';
import type { Page } from '@playwright/test';
import { createTrip } from './db';
import { API_URL, APP_URL, expect, seat, test } from './fixtures';

const room = (page: Page) => page.getByTestId('waiting-room');

test('three browsers wait for a queued sale, are admitted in drawn order, and each holds a seat', async ({
  launchBrowsers,
  request,
}, testInfo) => {
  const { id: tripId } = await createTrip(new Date(Date.now() + 3 * 86_400_000));
  const login = await request.post(`${API_URL}/api/auth/login`, {
    data: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
  });
  const operator = ((await login.json()) as { token: string }).token;
  const created = await request.post(`${API_URL}/api/ops/sales`, {
    headers: { authorization: `Bearer ${operator}` },
    data: {
      name: 'Eid special (e2e)',
      tripIds: [tripId],
      queue: true,
      opensAt: new Date(Date.now() + 25_000).toISOString(),
      // One admission every 4 s: slow enough to watch places move, fast enough for a test.
      admitPerMinute: 15,
      admissionMinutes: 15,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const saleId = ((await created.json()) as { id: string }).id;
  const trip = (await (await request.get(`${API_URL}/api/trips/${tripId}`)).json()) as TripResponse;
  const coach = trip.coaches[0]!;

  const browsers = await launchBrowsers(3);
  const pages: Page[] = [];
  for (const [i, b] of browsers.entries()) {
    const width = i === 0 ? 390 : 1440;
    const ctx = await b.newContext({ baseURL: APP_URL, viewport: { width, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`/trips/${tripId}?from=DHK&to=CTG`, { waitUntil: 'domcontentloaded' });
    await expect(room(page)).toHaveAttribute('data-phase', 'lottery');
    pages.push(page);
  }
  // Before opening: a countdown, the lottery commitment, no seat map.
  for (const page of pages) {
    await expect(page.getByTestId('opens-in')).toBeVisible();
    await expect(page.getByTestId('lottery-commitment')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(page.getByText(/Don.t refresh — your place is kept/)).toBeVisible();
    await expect(page.locator('[data-seat-id]')).toHaveCount(0);
  }
  await pages[0]!.screenshot({ path: testInfo.outputPath('waiting-room-lottery-390.png'), fullPage: true });
  await pages[1]!.screenshot({ path: testInfo.outputPath('waiting-room-lottery-1440.png'), fullPage: true });
  const commitment = await pages[0]!.getByTestId('lottery-commitment').textContent();

  // At opening every browser gets a drawn place: 1, 2 and 3.
  for (const page of pages)
    await expect(room(page)).toHaveAttribute('data-phase', 'queue', { timeout: 30_000 });
  const places = await Promise.all(
    pages.map(async (p) => Number(await room(p).getAttribute('data-position'))),
  );
  expect([...places].sort()).toEqual([1, 2, 3]);
  const inOrder = places.map((place, i) => ({ place, page: pages[i]! })).sort((x, y) => x.place - y.place);
  const last = inOrder[2]!.page;
  // The seed is revealed and matches the commitment published before opening.
  await expect(last.getByTestId('lottery-seed')).toHaveText(/^[0-9a-f]{64}$/, { timeout: 20_000 });
  const lottery = await (await request.get(`${API_URL}/api/sales/${saleId}/lottery`)).json();
  expect(lottery.commitment).toBe(commitment);
  await pages[0]!.screenshot({ path: testInfo.outputPath('waiting-room-queue-390.png'), fullPage: true });
  await pages[1]!.screenshot({ path: testInfo.outputPath('waiting-room-queue-1440.png'), fullPage: true });

  // Admitted in drawn order: while place k is let in, the ones behind still wait and move up.
  for (const [k, { page }] of inOrder.entries()) {
    await expect(page.locator(`[data-seat-id="${coach.seats[k]!.id}"]`)).toBeVisible({ timeout: 30_000 });
    for (const later of inOrder.slice(k + 1)) {
      await expect(room(later.page)).toBeVisible();
      await expect(room(later.page)).toHaveAttribute('data-position', String(later.place - k - 1), {
        timeout: 10_000,
      });
    }
  }
  await expect(last.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);
  await last.screenshot({ path: testInfo.outputPath('waiting-room-admitted-1440.png') });

  // Each admitted passenger holds a seat.
  for (const [k, { page }] of inOrder.entries()) {
    await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);
    const s = seat(page, coach.seats[k]!.id);
    await s.click();
    await expect(s).toHaveAttribute('data-state', 'mine');
  }
});
