/** The app's security headers, and a Content Security Policy every screen passes (no violation reported). */
import type { Page } from '@playwright/test';
import { expect, openTripPage, pickFreeSeats, seat, test } from './fixtures';

async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI}`,
      ),
    );
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('every page carries a CSP and security headers, and the live map works under them', async ({
  pageAt,
  request,
}) => {
  const page = await pageAt(1440, 900);
  const violations = await watchViolations(page);
  const res = await page.goto('/');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  await expect(page.getByTestId('trip-list').locator('li[data-trip-id]').first()).toBeVisible();

  // The seat map talks to the booking server over HTTP and a WebSocket: both allowed by connect-src.
  const pick = await pickFreeSeats(request);
  await openTripPage(page, pick);
  await seat(page, pick.seatId).click();
  await expect(seat(page, pick.seatId)).toHaveAttribute('data-state', 'mine');

  for (const path of ['/tickets', '/account', '/kiosk']) {
    const r = await page.goto(path);
    expect(r!.headers()['content-security-policy'], path).toBeTruthy();
    await page.waitForLoadState('load');
  }
  expect(violations).toEqual([]);
});
