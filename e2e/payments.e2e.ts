/**
 * Money and tickets in the browser: a passenger pays on the sandbox gateway's page and gets a ticket
 * with signed QR codes; gate staff check it (PNR, then the QR text) and see "valid", then "already
 * used". A failed payment brings the passenger back to the seat map with the hold intact.
 */
import type { OrderResponse } from '@fastpass/shared';
import { expectNoSeriousA11yIssues } from './a11y';
import { accountWithRole } from './db';
import {
  API_URL,
  APP_URL,
  expect,
  holdViaApi,
  openTripPage,
  pageToken,
  pickFreeSeats,
  seat,
  test,
} from './fixtures';

async function holdAndCheckout(
  page: import('@playwright/test').Page,
  pick: Awaited<ReturnType<typeof pickFreeSeats>>,
) {
  await openTripPage(page, pick);
  await seat(page, pick.seatId).click();
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'mine');
  await page.getByTestId('checkout').click();
  await expect(page).toHaveURL(/\/checkout\?trip=/);
  await page.getByLabel(`Passenger name for seat ${pick.seatId}`).fill('Ayesha Siddiqua');
  await page.getByRole('button', { name: /Confirm and pay/ }).click();
  await expect(page).toHaveURL(/\/pay\/sandbox\/sbx_/);
}

test('pay on the sandbox page, ticket with a signed QR, staff gate says valid then already used', async ({
  browser,
  request,
}, testInfo) => {
  const pick = await pickFreeSeats(request);
  const buyerCtx = await browser.newContext({ baseURL: APP_URL, viewport: { width: 390, height: 844 } });
  const buyer = await buyerCtx.newPage();
  await holdAndCheckout(buyer, pick);
  await expectNoSeriousA11yIssues(buyer, 'sandbox payment page');
  await buyer.getByRole('button', { name: /^Pay / }).click();
  await expect(buyer).toHaveURL(/\/tickets\/[^/]+$/);
  await expect(buyer.locator('[data-status]')).toHaveAttribute('data-status', 'confirmed');
  await expect(buyer.getByTestId('qr')).toBeVisible();
  await buyer.screenshot({ path: testInfo.outputPath('ticket-qr-390.png'), fullPage: true });
  await expectNoSeriousA11yIssues(buyer, 'ticket page');
  const pnr = (await buyer.getByTestId('pnr').textContent())!.trim();
  const orderId = buyer.url().split('/').pop()!;
  const token = await pageToken(buyer);
  const { order } = (await (
    await request.get(`${API_URL}/api/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as OrderResponse;
  const qr = order.tickets[0]!.qr!;

  // Gate staff: a staff session in a desktop browser.
  const staff = await accountWithRole(API_URL, 'staff');
  const gateCtx = await browser.newContext({ baseURL: APP_URL, viewport: { width: 1024, height: 768 } });
  await gateCtx.addInitScript((s) => {
    window.localStorage.setItem('fastpass.token', s.token);
    window.localStorage.setItem('fastpass.user', JSON.stringify(s.user));
  }, staff);
  const gate = await gateCtx.newPage();
  await gate.goto('/gate');
  await gate.getByLabel('PNR (or QR text)').fill(pnr);
  await gate.getByRole('button', { name: 'Check' }).click();
  await expect(gate.locator('[data-result]')).toHaveAttribute('data-result', 'valid');
  await expect(gate.locator('[data-result]')).toContainText('Ayesha Siddiqua');
  await gate.screenshot({ path: testInfo.outputPath('gate-valid.png'), fullPage: true });
  await expectNoSeriousA11yIssues(gate, 'gate check');

  // The same passenger's QR (as a scanner would read it): verified in the browser, then already used.
  await gate.getByLabel('PNR (or QR text)').fill(qr);
  await gate.getByRole('button', { name: 'Check' }).click();
  await expect(gate.locator('[data-result]')).toHaveAttribute('data-result', 'already_used');
  await expect(gate.locator('[data-result]')).toContainText(/Already used at Gate 1/);
  await gate.screenshot({ path: testInfo.outputPath('gate-already-used.png'), fullPage: true });

  // A forged QR (signature of another payload) is refused in the browser.
  const [h, , sig] = qr.split('.');
  const forged = Buffer.from(JSON.stringify({ v: 1, order: orderId, seat: 'KA-99' })).toString('base64url');
  await gate.getByLabel('PNR (or QR text)').fill(`${h}.${forged}.${sig}`);
  await gate.getByRole('button', { name: 'Check' }).click();
  await expect(gate.locator('[data-result]')).toHaveAttribute('data-result', 'invalid');

  await buyerCtx.close();
  await gateCtx.close();
});

test('a failed payment returns to the seat map with the hold intact, and paying again works', async ({
  browser,
  request,
}, testInfo) => {
  const pick = await pickFreeSeats(request);
  const ctx = await browser.newContext({ baseURL: APP_URL, viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await holdAndCheckout(page, pick);
  await page.getByRole('button', { name: /^Fail/ }).click();
  await expect(page).toHaveURL(/\/trips\/[^?]+\?.*payment=failed/);
  await expect(page.getByTestId('payment-failed')).toBeVisible();
  const tab = page.locator(`[role="tab"][data-coach="${pick.coach}"]`);
  await tab.click();
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'mine');
  await expect(page.getByRole('timer')).toHaveText(/\d+:\d\d/);
  await page.screenshot({ path: testInfo.outputPath('payment-failed-map-390.png'), fullPage: true });

  await page.getByTestId('checkout').click();
  await page.getByLabel(`Passenger name for seat ${pick.seatId}`).fill('Ayesha Siddiqua');
  await page.getByRole('button', { name: /Confirm and pay/ }).click();
  await expect(page).toHaveURL(/\/pay\/sandbox\/sbx_/);
  await page.getByRole('button', { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/tickets\/[^/]+$/);
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'confirmed');
  await ctx.close();
});

test('cancelling one passenger of a paid order refunds it and keeps the other ticket', async ({
  browser,
  request,
}, testInfo) => {
  const pick = await pickFreeSeats(request, 2);
  const auth = (await (await request.post(`${API_URL}/api/auth/guest`)).json()) as {
    token: string;
    user: unknown;
  };
  const headers = { authorization: `Bearer ${auth.token}` };
  const { holdId } = await holdViaApi(request, auth.token, pick, pick.seatIds);
  const created = await request.post(`${API_URL}/api/orders`, {
    headers: { ...headers, 'idempotency-key': `partial-${holdId}` },
    data: { holdId, passengers: pick.seatIds.map((seatId, i) => ({ seatId, name: `Traveller ${i + 1}` })) },
  });
  const { order } = (await created.json()) as OrderResponse;
  const ref = order.payment!.redirectUrl!.split('/').pop()!;
  await request.post(`${API_URL}/api/payments/sandbox/${ref}/complete`, { data: { outcome: 'pay' } });
  await expect
    .poll(
      async () =>
        (
          (await (
            await request.get(`${API_URL}/api/orders/${order.id}`, { headers })
          ).json()) as OrderResponse
        ).order.status,
    )
    .toBe('confirmed');

  const ctx = await browser.newContext({ baseURL: APP_URL, viewport: { width: 390, height: 844 } });
  await ctx.addInitScript((s) => {
    window.localStorage.setItem('fastpass.token', s.token);
    window.localStorage.setItem('fastpass.user', JSON.stringify(s.user));
  }, auth);
  const page = await ctx.newPage();
  await page.goto(`/tickets/${order.id}`);
  await expect(page.getByTestId('qr')).toHaveCount(2);
  await page.getByRole('button', { name: 'Cancel ticket' }).click();
  await page.getByLabel(`Traveller 2 (${pick.seatIds[1]})`).check();
  await page.getByRole('button', { name: 'Yes, cancel' }).click();
  await expect(page.locator(`[data-ticket-seat="${pick.seatIds[1]}"]`)).toContainText('cancelled');
  await expect(page.getByTestId('refunded')).toHaveText(/Tk \d/);
  await expect(page.getByTestId('qr')).toHaveCount(1);
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'confirmed');
  await page.screenshot({ path: testInfo.outputPath('partial-cancel-390.png'), fullPage: true });
  await ctx.close();
});
