import { randomInt } from 'node:crypto';
import { expect, test } from './fixtures';

/*
 * Phone verification in the app with the sandbox SMS provider: the passenger asks for a code on the
 * account page, reads it in the dev outbox (/dev/sms) as a developer would, and types it in.
 */
test('a passenger verifies a phone with a code read from the sandbox outbox', async ({ page, context }) => {
  const phone = `018${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  await page.goto('/account');
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(/We sent a code to/)).toContainText(`+8801•••••${phone.slice(-4)}`);

  const outbox = await context.newPage();
  await outbox.goto(`/dev/sms?phone=${phone}`);
  const message = outbox.getByTestId('sms-outbox').locator('li').first();
  await expect(message).toContainText('FastPass code');
  const code = /\b(\d{6})\b/.exec((await message.textContent()) ?? '')?.[1];
  expect(code, 'the outbox shows a six-digit code').toBeTruthy();
  await outbox.close();

  await page.getByLabel('Six-digit code').fill(code ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('phone-verified')).toContainText(`Verified +8801•••••${phone.slice(-4)}`);
  await expect(page.getByTestId('current-user')).toContainText('phone verified');
});
