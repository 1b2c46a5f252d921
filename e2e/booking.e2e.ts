/**
 * A whole booking, search to ticket: in Bangla on a phone-sized screen (pointer), and in English on a
 * desktop-sized one with the keyboard only (and reduced motion). axe checks each screen on the way.
 */
import type { Station, TripResponse } from '@fastpass/shared';
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousA11yIssues } from './a11y';
import { confirmByKeyboard, confirmByPointer } from './checkout-step';
import { API_URL, expect, pickFreeSeats, seat, test } from './fixtures';

test('books a ticket entirely in Bangla on a phone-sized screen', async ({ pageAt, request }, testInfo) => {
  const pick = await pickFreeSeats(request);
  const trip = (await (await request.get(`${API_URL}/api/trips/${pick.tripId}`)).json()) as TripResponse;
  const stations = (await (await request.get(`${API_URL}/api/stations`)).json()) as Station[];
  // A station some other test created may have no Bangla name: the app then shows its English one.
  const bn = (code: string) => {
    const s = stations.find((x) => x.code === code);
    return s ? s.nameBn || s.name : code;
  };
  const shot = (name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // The browser asks for Bangla (Accept-Language: bn-BD): the first visit is in Bangla.
  const page = await pageAt(390, 844, { locale: 'bn-BD' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'bn');
  await expect(page.getByTestId('trip-list').locator('li[data-trip-id]').first()).toBeVisible();
  await expectNoSeriousA11yIssues(page, 'search (bn)');

  await page.getByLabel('কোথা থেকে', { exact: true }).fill(`${bn(pick.from)} (${pick.from})`);
  await page.getByLabel('কোথায়', { exact: true }).fill(`${bn(pick.to)} (${pick.to})`);
  await page.getByLabel('তারিখ').fill(trip.date);
  await page.getByRole('button', { name: 'খুঁজুন', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`from=${pick.from}&to=${pick.to}`));
  const card = page.locator(`li[data-trip-id="${pick.tripId}"]`);
  await expect(card).toContainText(trip.trainNameBn ?? '');
  await expect(card).toContainText(/৳[০-৯]/);
  await shot('bn-search-390');

  await card.getByRole('link').click();
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);
  await expect(page.locator('[data-connection]')).toHaveText('সরাসরি');
  await page.locator(`[role="tab"][data-coach="${pick.coach}"]`).click();
  await seat(page, pick.seatId).click();
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'mine');
  await expect(seat(page, pick.seatId)).toHaveAccessibleName(/আপনার কাছে ধরা/);
  await expect(page.getByRole('timer')).toHaveText(/[০-৯]+:[০-৯]{2}/);
  await expect(page.getByTestId('announcer')).toContainText('আপনার জন্য ধরে রাখা হলো');
  await shot('bn-seat-map-390');
  await expectNoSeriousA11yIssues(page, 'seat map (bn)');

  await page.getByTestId('checkout').click();
  await expect(page).toHaveURL(/\/checkout\?trip=/);
  await page.getByLabel(`আসন ${pick.seatId}-এর যাত্রীর নাম`).fill('রহিম উদ্দিন');
  await expect(page.getByTestId('total')).toHaveText(/^৳[০-৯]/);
  await shot('bn-checkout-390');
  await expectNoSeriousA11yIssues(page, 'checkout (bn)');

  await confirmByPointer(page, /নিশ্চিত করে পরিশোধ করুন/, async (gateway) => {
    // The sandbox gateway's page speaks Bangla too (payments are on in the browser stack).
    await expect(gateway.getByTestId('pay-amount')).toHaveText(/^৳[০-৯]/);
    await expect(gateway.locator('main')).not.toContainText(/\b(Pay|Fail|Cancel|Slow|Loading)\b/);
    await shot('bn-sandbox-pay-390');
    await expectNoSeriousA11yIssues(gateway, 'sandbox payment (bn)');
  });
  await expect(page.getByRole('heading', { name: 'আপনার টিকিট' })).toBeVisible();
  await expect(page.locator(`[data-ticket-seat="${pick.seatId}"]`)).toContainText('রহিম উদ্দিন');
  await expect(page.locator('[data-status]')).toHaveText('✓ নিশ্চিত');
  await expect(page.getByTestId('qr')).toBeVisible();
  // Nothing on the ticket is left in English but names, codes and the PNR.
  await expect(page.locator('main')).not.toContainText(/\b(Seat|Fare|Total|Passenger|Cancel|confirmed)\b/);
  await shot('bn-ticket-390');
  await expectNoSeriousA11yIssues(page, 'ticket (bn)');
  // The printed ticket (print stylesheet) as a PDF.
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ path: testInfo.outputPath('bn-ticket.pdf'), format: 'A5' });
  expect(pdf.byteLength).toBeGreaterThan(1000);
});

/** Presses Tab until `target` has the focus (the keyboard user's way there). */
async function tabTo(page: Page, target: Locator, max = 250): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('books a ticket by keyboard only on a desktop-sized screen, with reduced motion', async ({
  pageAt,
  request,
}, testInfo) => {
  const pick = await pickFreeSeats(request);
  const trip = (await (await request.get(`${API_URL}/api/trips/${pick.tripId}`)).json()) as TripResponse;
  const page = await pageAt(1440, 900, { locale: 'en-US', reducedMotion: 'reduce' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('trip-list').locator('li[data-trip-id]').first()).toBeVisible();

  await tabTo(page, page.getByLabel('From', { exact: true }));
  await page.keyboard.type(pick.from);
  await tabTo(page, page.getByLabel('To', { exact: true }));
  await page.keyboard.type(pick.to);
  await tabTo(page, page.getByLabel('Date'));
  const [y, m, d] = trip.date.split('-');
  await page.keyboard.type(`${m}${d}${y}`); // Chromium's en-US date field: month, day, year
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`from=${pick.from}&to=${pick.to}&date=${trip.date}`));

  await tabTo(page, page.locator(`li[data-trip-id="${pick.tripId}"] a`));
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /connected|degraded/);

  // Coach tabs: arrow keys to the coach; then Tab into the seat grid and arrows to a free seat.
  await tabTo(page, page.locator('[role="tab"][aria-selected="true"]'));
  for (
    let i = 0;
    i < 30 &&
    !(
      await page.locator(`[role="tab"][data-coach="${pick.coach}"]`).getAttribute('aria-selected')
    )?.startsWith('true');
    i++
  ) {
    await page.keyboard.press('ArrowRight');
  }
  await expect(page.locator(`[role="tab"][data-coach="${pick.coach}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await tabTo(page, page.locator('#coach-panel [data-seat-id][tabindex="0"]'));
  const focusedSeat = page.locator('#coach-panel [data-seat-id]:focus');
  // A free seat that needs no ticked need (wheelchair spaces and priority seats are for those who tick one).
  const plainFree = async () =>
    (await focusedSeat.getAttribute('data-state')) === 'free' &&
    !/wheelchair|priority/.test((await focusedSeat.getAttribute('data-access')) ?? '');
  for (let i = 0; i < 80 && !(await plainFree()); i++) {
    await page.keyboard.press(i % 12 === 11 ? 'ArrowDown' : 'ArrowRight');
  }
  const seatId = (await focusedSeat.getAttribute('data-seat-id')) as string;
  await page.keyboard.press('Enter');
  await expect(seat(page, seatId)).toHaveAttribute('data-state', 'mine');
  // Reduced motion: the live-change pulse does not animate.
  const animation = await seat(page, seatId).evaluate((el) => getComputedStyle(el).animationName);
  expect(animation).toBe('none');
  await page.screenshot({ path: testInfo.outputPath('keyboard-seat-map-1440.png') });

  await tabTo(page, page.getByTestId('checkout'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/checkout\?trip=/);
  await tabTo(page, page.getByLabel(`Passenger name for seat ${seatId}`));
  await page.keyboard.type('Karim Ahmed');
  await confirmByKeyboard(page, /Confirm and pay/, (name) => tabTo(page, page.getByRole('button', { name })));

  await expect(page.getByRole('heading', { name: 'Your ticket' })).toBeVisible();
  await expect(page.locator(`[data-ticket-seat="${seatId}"]`)).toContainText('Karim Ahmed');
  await page.screenshot({ path: testInfo.outputPath('keyboard-ticket-1440.png'), fullPage: true });
});
