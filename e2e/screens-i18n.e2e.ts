/**
 * Every page in both languages: the right `<html lang>`, no serious axe violation, and screenshots at
 * 390 and 1440 px. A page another branch adds joins by adding a line to PAGES.
 */
import { expectNoSeriousA11yIssues } from './a11y';
import { expect, test } from './fixtures';

const PAGES: Array<{ name: string; path: string; ready: string }> = [
  { name: 'search', path: '/', ready: '[data-testid="trip-list"] li[data-trip-id]' },
  { name: 'tickets', path: '/tickets', ready: 'main h1' },
  { name: 'account', path: '/account', ready: 'main h1' },
  { name: 'kiosk', path: '/kiosk?station=DHK', ready: '[data-kiosk-view="board"] li[data-trip-id]' },
  { name: 'sms', path: '/dev/sms', ready: 'main h1' },
  { name: 'gate', path: '/gate', ready: 'main h1' },
];

const LANGUAGES = [
  { lang: 'en', locale: 'en-US', switchTo: 'বাংলা' },
  { lang: 'bn', locale: 'bn-BD', switchTo: 'English' },
];

for (const { lang, locale, switchTo } of LANGUAGES) {
  for (const p of PAGES) {
    test(`${p.name} in ${lang}: axe, screenshots at 390 and 1440 px`, async ({ pageAt }, testInfo) => {
      for (const [width, height] of [
        [390, 844],
        [1440, 900],
      ] as const) {
        const page = await pageAt(width, height, { locale });
        await page.goto(p.path);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.locator(p.ready).first()).toBeVisible();
        await expect(page.getByTestId('language-switch').first()).toHaveText(switchTo);
        await page.screenshot({
          path: testInfo.outputPath(`${p.name}-${lang}-${width}.png`),
          fullPage: width < 600,
        });
        if (width === 390) await expectNoSeriousA11yIssues(page, `${p.name} (${lang})`);
      }
    });
  }
}

test('the language switch is remembered: a cookie outranks Accept-Language', async ({ pageAt }) => {
  const page = await pageAt(1440, 900, { locale: 'bn-BD' });
  await page.goto('/tickets');
  await expect(page.locator('html')).toHaveAttribute('lang', 'bn');
  await expect(page.getByRole('heading', { name: 'আমার টিকিট' })).toBeVisible();
  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
  await page.goto('/account');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Back to Bangla, with Latin digits this time.
  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'bn');
  await page.goto('/');
  await expect(page.getByTestId('trip-list').locator('li[data-trip-id]').first()).toContainText(/৳[০-৯]/);
  await page.getByTestId('digits-switch').click();
  await expect(page.getByTestId('trip-list').locator('li[data-trip-id]').first()).toContainText(/৳[0-9]/);
});
