/**
 * The last step of a booking in the browser tests: from the filled checkout form to the ticket page.
 * This is the one place to adapt when checkout gains a payment step (PAYMENTS=sandbox): the booking
 * specs call it and then only look at the ticket.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Confirms the order with the pointer (a tap on the confirm button); resolves on the ticket page. */
export async function confirmByPointer(page: Page, confirmName: RegExp): Promise<void> {
  await page.getByRole('button', { name: confirmName }).click();
  await expect(page).toHaveURL(/\/tickets\/[^/]+$/);
}

/** Confirms the order with the keyboard only (Enter on the focused confirm button). */
export async function confirmByKeyboard(
  page: Page,
  confirmName: RegExp,
  tabTo: (name: RegExp) => Promise<void>,
) {
  await tabTo(confirmName);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tickets\/[^/]+$/);
}
