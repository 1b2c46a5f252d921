/** Sale windows on screen: closed and departed trips never offer booking; a sale opening reaches an open map live. */
import { createTrip } from './db';
import { API_URL, expect, seat, test } from './fixtures';

async function operatorToken(request: import('@playwright/test').APIRequestContext): Promise<string> {
  const r = await request.post(`${API_URL}/api/auth/login`, {
    data: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
  });
  expect(r.status()).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

test('a trip whose sale has not opened shows no Book and locks its seats until the operator opens it', async ({
  pageAt,
  request,
}, testInfo) => {
  const token = await operatorToken(request);
  const trip = await createTrip(new Date(Date.now() + 2 * 86_400_000));
  const created = await request.post(`${API_URL}/api/ops/sales`, {
    headers: { authorization: `Bearer ${token}` },
    data: { name: 'E2E sale', tripIds: [trip.id], opensAt: new Date(Date.now() + 3600_000).toISOString() },
  });
  expect(created.status()).toBe(201);
  const sale = (await created.json()) as { id: string };

  const page = await pageAt(390, 844);
  await page.goto(`/?date=${trip.date}`);
  const card = page.locator(`li[data-trip-id="${trip.id}"]`);
  await expect(card).toHaveAttribute('data-bookable', 'false');
  await expect(card.locator('[data-closed-reason="upcoming"]')).toContainText('Sale opens');
  await expect(card.getByText(/Book/)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('search-upcoming-390.png'), fullPage: true });

  await card.getByRole('link').click();
  await expect(page.locator('[data-closed-reason="upcoming"]')).toBeVisible();
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);
  const first = seat(page, 'KA-1');
  await expect(first).toHaveAttribute('aria-disabled', 'true');
  // A click anyway (Playwright would wait for an aria-disabled button to enable) holds nothing.
  await first.dispatchEvent('click');
  await expect(first).toHaveAttribute('data-state', 'free');
  await expect(first).not.toHaveAttribute('data-pending', 'true');
  await page.screenshot({ path: testInfo.outputPath('map-upcoming-390.png'), fullPage: true });

  // The operator opens the sale: the open map learns it over the socket and seats can be held.
  const opened = await request.patch(`${API_URL}/api/ops/sales/${sale.id}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { state: 'open' },
  });
  expect(opened.status()).toBe(200);
  await expect(page.locator('[data-closed-reason]')).toHaveCount(0);
  await first.click();
  await expect(first).toHaveAttribute('data-state', 'mine');
});

test('a train that has left is shown as departed, never with Book', async ({ pageAt }) => {
  const trip = await createTrip(new Date(Date.now() - 7 * 3600_000));
  const page = await pageAt(1440, 900);
  await page.goto(`/?date=${trip.date}`);
  const card = page.locator(`li[data-trip-id="${trip.id}"]`);
  await expect(card).toHaveAttribute('data-bookable', 'false');
  await expect(card.locator('[data-closed-reason="departed"]')).toHaveText('Departed');
  await page.goto(`/trips/${trip.id}?from=DHK&to=CTG`);
  await expect(page.locator('[data-closed-reason="departed"]')).toBeVisible();
  await expect(seat(page, 'KA-1')).toHaveAttribute('aria-disabled', 'true');
});
