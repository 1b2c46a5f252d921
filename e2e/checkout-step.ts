/**
 * The last step of a booking in the browser tests: from the filled checkout form to the ticket page.
 * The booking specs call it and then only look at the ticket. With payments on (`PAYMENTS=sandbox`,
 * the browser stack's default: it inherits the test run's environment) the order goes through the
 * sandbox gateway's hosted page, where the payer pays; with `PAYMENTS=off` it is confirmed at once.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

const PAYMENTS_ON = process.env.PAYMENTS !== 'off';
/** The sandbox page's "Pay ৳…" button, in English or Bangla. */
const PAY = /^(Pay|পরিশোধ করুন) ৳/;

/** Optional look at the gateway page (axe, screenshots) before paying. */
export type AtGateway = (page: Page) => Promise<void>;

async function throughPayment(page: Page, pay: (button: Locator) => Promise<void>, atGateway?: AtGateway) {
  if (PAYMENTS_ON) {
    await expect(page).toHaveURL(/\/pay\/sandbox\/[^/]+$/);
    const button = page.getByRole('button', { name: PAY });
    await expect(button).toBeEnabled();
    await atGateway?.(page);
    await pay(button);
  }
  await expect(page).toHaveURL(/\/tickets\/[^/]+$/);
}

/** Confirms the order with the pointer (a tap on the confirm button, then on Pay); resolves on the ticket page. */
export async function confirmByPointer(
  page: Page,
  confirmName: RegExp,
  atGateway?: AtGateway,
): Promise<void> {
  await page.getByRole('button', { name: confirmName }).click();
  await throughPayment(page, (button) => button.click(), atGateway);
}

/** Confirms the order with the keyboard only (Enter on the focused confirm button, then on Pay). */
export async function confirmByKeyboard(
  page: Page,
  confirmName: RegExp,
  tabTo: (name: RegExp) => Promise<void>,
  atGateway?: AtGateway,
) {
  await tabTo(confirmName);
  await page.keyboard.press('Enter');
  await throughPayment(
    page,
    async () => {
      await tabTo(PAY);
      await page.keyboard.press('Enter');
    },
    atGateway,
  );
}
