/**
 * Full purchase to ticket through the sandbox payment page, seen live by another browser; double-clicking
 * confirm buys once; cancel frees the seat.
 */
import type { OrdersResponse } from '@fastpass/shared';
import { API_URL, APP_URL, expect, openTripPage, pageToken, pickFreeSeats, seat, test } from './fixtures';

test('hold, checkout, ticket with PNR and QR; cancel frees the seat live', async ({
  browser,
  request,
}, testInfo) => {
  const pick = await pickFreeSeats(request);
  const buyerCtx = await browser.newContext({ baseURL: APP_URL, viewport: { width: 390, height: 844 } });
  const watcherCtx = await browser.newContext({ baseURL: APP_URL, viewport: { width: 1440, height: 900 } });
  const buyer = await buyerCtx.newPage();
  const watcher = await watcherCtx.newPage();
  await openTripPage(watcher, pick);
  await openTripPage(buyer, pick);

  await seat(buyer, pick.seatId).click();
  await expect(seat(buyer, pick.seatId)).toHaveAttribute('data-state', 'mine');
  await expect(seat(watcher, pick.seatId)).toHaveAttribute('data-state', 'held');
  await expect(buyer.getByRole('timer')).toHaveText(/\d+:\d\d/);

  await buyer.getByTestId('checkout').click();
  await expect(buyer).toHaveURL(/\/checkout\?trip=/);
  await buyer.getByLabel(`Passenger name for seat ${pick.seatId}`).fill('Rahim Uddin');
  await expect(buyer.getByTestId('total')).toHaveText(/Tk \d/);
  await buyer.screenshot({ path: testInfo.outputPath('checkout-390.png'), fullPage: true });

  // A double click must not buy twice: the idempotency key is kept per hold.
  const confirm = buyer.getByRole('button', { name: /Confirm and pay/ });
  await confirm.dblclick();
  // PAYMENTS=sandbox: the gateway's hosted page; the seat stays held (not sold) until the money is in.
  await expect(buyer).toHaveURL(/\/pay\/sandbox\/sbx_/);
  await expect(buyer.getByTestId('pay-amount')).toHaveText(/Tk \d/);
  await expect(seat(watcher, pick.seatId)).toHaveAttribute('data-state', 'held');
  await buyer.screenshot({ path: testInfo.outputPath('sandbox-pay-390.png'), fullPage: true });
  await buyer.getByRole('button', { name: /^Pay / }).click();
  await expect(buyer).toHaveURL(/\/tickets\/[^/]+$/);
  await expect(buyer.getByTestId('pnr')).not.toBeEmpty();
  await expect(buyer.getByTestId('qr')).toBeVisible();
  await expect(buyer.locator(`[data-ticket-seat="${pick.seatId}"]`)).toContainText('Rahim Uddin');
  await buyer.screenshot({ path: testInfo.outputPath('ticket-390.png'), fullPage: true });

  await expect(seat(watcher, pick.seatId)).toHaveAttribute('data-state', 'sold');

  const token = await pageToken(buyer);
  const orders = (await (
    await request.get(`${API_URL}/api/orders`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as OrdersResponse;
  expect(orders.filter((o) => o.tickets.some((t) => t.seatId === pick.seatId))).toHaveLength(1);

  // Cancel from the ticket page: the watcher sees the seat free again.
  await buyer.getByRole('button', { name: 'Cancel ticket' }).click();
  await buyer.getByRole('button', { name: 'Yes, cancel' }).click();
  await expect(buyer.locator('[data-status]')).toHaveAttribute('data-status', 'cancelled');
  await expect(seat(watcher, pick.seatId)).toHaveAttribute('data-state', 'free');

  await buyerCtx.close();
  await watcherCtx.close();
});
