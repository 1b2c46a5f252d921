/**
 * The operations console end to end: an operator sets up a new train from nothing but the console
 * (stations, a train with three stops, a coach layout, its coaches, a schedule, a sale), and a
 * passenger in another browser books a seat on it, with no restart in between. Each console page is
 * screenshotted at 1440 px and checked with axe.
 */
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { zonedDate } from '@fastpass/shared';
import type { Page } from '@playwright/test';
import { APP_URL, expect, seat, test } from './fixtures';

async function expectNoSeriousA11yIssues(page: Page, what: string): Promise<void> {
  type AxePage = ConstructorParameters<typeof AxeBuilder>[0]['page'];
  const result = await new AxeBuilder({ page: page as unknown as AxePage }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${what}`,
  ).toEqual([]);
}

const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(65 + (b % 26))).join('');

test('an operator sets up a new train in the console and a passenger books it without a restart', async ({
  browser,
  launchBrowsers,
}, testInfo) => {
  test.setTimeout(420_000); // a long story on a shared, loaded machine
  const tag = letters(3);
  const [A, B, C] = [`E${tag}A`, `E${tag}B`, `E${tag}C`];
  const number = `E${tag}`;
  const trainName = `Console Express ${tag}`;
  const layout = `L_${tag}`;
  const tomorrow = zonedDate('Asia/Dhaka', 1);
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}-1440.png`) });

  const ctx = await browser.newContext({ baseURL: APP_URL, viewport: { width: 1440, height: 900 } });
  const ops = await ctx.newPage();
  await ops.goto('/account');
  await ops.getByLabel('Email').fill('ops@fastpass.local');
  await ops.getByLabel('Password').fill('fastpass-ops');
  await ops.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(ops.getByText('ops@fastpass.local').first()).toBeVisible();

  // The console opens on the live trips page, inside the console's frame.
  await ops.goto('/ops');
  await expect(ops.getByRole('link', { name: 'Live trips' })).toHaveAttribute('aria-current', 'page');
  await expect(ops.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();
  await expect(ops.locator('tr[data-trip-id]').first()).toBeVisible();
  await shot(ops, 'ops-live');
  await expectNoSeriousA11yIssues(ops, 'live trips');

  // Stations, with inline validation before anything is sent.
  await ops.goto('/ops/stations');
  await expect(ops.getByRole('navigation', { name: 'Console' })).toBeVisible();
  await ops.getByLabel('Code').fill('x1');
  await ops.getByRole('button', { name: 'Add station' }).click();
  await expect(ops.locator('#st-code-err')).toHaveText('2 to 8 capital letters');
  for (const [i, code] of [A, B, C].entries()) {
    await ops.getByLabel('Code').fill(code);
    await ops.getByLabel('Name', { exact: true }).fill(`Console town ${tag} ${i + 1}`);
    await ops.getByRole('button', { name: 'Add station' }).click();
    await expect(ops.getByRole('status').filter({ hasText: `Station ${code} added.` })).toBeVisible();
  }
  await ops.getByLabel('Search stations').fill(tag);
  await expect(ops.locator('tr[data-station]')).toHaveCount(3);
  await shot(ops, 'ops-stations');
  await expectNoSeriousA11yIssues(ops, 'stations');

  // A train with three stops.
  await ops.goto('/ops/trains');
  await ops.getByLabel('Number').fill(number);
  await ops.getByLabel('Name', { exact: true }).fill(trainName);
  await ops.getByRole('button', { name: 'Add a stop' }).click();
  const stop = (what: string, i: number) => ops.getByLabel(`${what}, stop ${i}`, { exact: true });
  await stop('Station', 1).fill(A);
  await stop('Station', 2).fill(B);
  await stop('Arrives', 2).fill('50');
  await stop('Departs', 2).fill('55');
  await stop('Kilometres', 2).fill('40');
  await stop('Station', 3).fill(C);
  await stop('Arrives', 3).fill('120');
  await stop('Kilometres', 3).fill('95');
  await shot(ops, 'ops-trains');
  await expectNoSeriousA11yIssues(ops, 'trains');
  await ops.getByRole('button', { name: 'Create train' }).click();
  await expect(ops).toHaveURL(new RegExp(`/ops/trains/${number}$`));

  // A coach layout on the grid: three rows of four, the first seat a wheelchair space.
  await ops.goto('/ops/layouts');
  await ops.getByRole('button', { name: 'New layout' }).click();
  await ops.getByLabel('Layout code').fill(layout);
  await ops.getByLabel('Name', { exact: true }).fill(`Chair ${tag}`);
  await ops.getByLabel('Fare class').selectOption('S_CHAIR');
  await ops.getByLabel('Rows').fill('3');
  await ops.getByRole('button', { name: 'Row 1, column 1: seat 1' }).click();
  await ops.getByRole('button', { name: 'Row 1, column 1: seat 1' }).press('ArrowRight');
  await expect(ops.getByRole('button', { name: /^Row 1, column 2/ })).toBeFocused();
  await ops.getByRole('button', { name: /^Row 1, column 2/ }).press('ArrowLeft');
  await ops.getByLabel('Wheelchair space').check();
  await expect(ops.getByRole('button', { name: 'Row 1, column 1: seat 1, wheelchair' })).toBeVisible();
  await shot(ops, 'ops-layout-editor');
  await expectNoSeriousA11yIssues(ops, 'layout editor');
  await ops.getByRole('button', { name: 'Create layout' }).click();
  await expect(ops.getByRole('status').filter({ hasText: `Layout ${layout} saved` })).toBeVisible();

  // The train's coaches.
  await ops.goto(`/ops/trains/${number}`);
  await ops.getByRole('button', { name: 'Add a coach' }).click();
  await ops.getByLabel('Code of coach 1').fill('KA');
  await ops.getByLabel('Layout of coach 1').selectOption(layout);
  await ops.getByRole('button', { name: 'Save coaches' }).click();
  await expect(ops.getByRole('status').filter({ hasText: 'Saved: 1 coaches' })).toBeVisible();
  await shot(ops, 'ops-train');
  await expectNoSeriousA11yIssues(ops, 'train');

  // A daily schedule; saving it generates the trips.
  await ops.goto('/ops/schedules');
  await ops.getByLabel('Train', { exact: true }).selectOption(number);
  await ops.getByLabel('Departs (local time)').fill('21:30');
  await ops.getByRole('button', { name: 'Save schedule' }).click();
  await expect(
    ops.getByRole('status').filter({ hasText: /Schedule saved; [1-9]\d* trip\(s\) generated/ }),
  ).toBeVisible();
  await shot(ops, 'ops-schedules');
  await expectNoSeriousA11yIssues(ops, 'schedules');

  // A sale over tomorrow's trip, opening now.
  await ops.goto('/ops/sales');
  await ops.getByLabel('Name', { exact: true }).fill(`Console sale ${tag}`);
  await ops.getByLabel('Trips on').fill(tomorrow);
  await ops.getByLabel(new RegExp(`${trainName} #${number}`)).check();
  await ops.getByRole('button', { name: 'Create sale' }).click();
  const card = ops.locator('section[data-sale]').filter({ hasText: `Console sale ${tag}` });
  await expect(card.getByText('open', { exact: true })).toBeVisible();
  const saleId = await card.getAttribute('data-sale');
  await expect(ops.getByTestId(`sold-${saleId}`)).toHaveText('0.0 %');

  // A passenger in another browser finds the trip and buys a seat.
  const [other] = await launchBrowsers(1);
  const pctx = await other!.newContext({ baseURL: APP_URL, viewport: { width: 1440, height: 900 } });
  const passenger = await pctx.newPage();
  await passenger.goto(`/?date=${tomorrow}&from=${A}&to=${C}`);
  const tripCard = passenger.locator('li[data-trip-id]').filter({ hasText: trainName });
  await expect(tripCard).toHaveAttribute('data-bookable', 'true');
  await tripCard.getByRole('link').first().click();
  await expect(passenger).toHaveURL(/\/trips\//);
  const tripUrl = passenger.url();
  const tripId = decodeURIComponent(new URL(tripUrl).pathname.split('/').pop() ?? '');
  await expect(passenger.locator('[data-connection]')).toHaveAttribute(
    'data-connection',
    /connected|degraded/,
  );
  await seat(passenger, 'KA-2').click();
  await expect(seat(passenger, 'KA-2')).toHaveAttribute('data-state', 'mine');
  await passenger.getByTestId('checkout').click();
  await passenger.getByLabel('Passenger name for seat KA-2').fill('Nusrat Jahan');
  await passenger.getByRole('button', { name: /Confirm and pay/ }).click();
  // PAYMENTS=sandbox: the gateway's hosted page first.
  await expect(passenger).toHaveURL(/\/pay\/sandbox\/sbx_/);
  await passenger.getByRole('button', { name: /^Pay / }).click();
  await expect(passenger).toHaveURL(/\/tickets\/[^/]+$/);
  await expect(passenger.getByTestId('pnr')).not.toBeEmpty();

  // The control panel shows the sale's figures move, pushed over the socket.
  await expect(ops.getByTestId(`revenue-${saleId}`)).not.toHaveText('৳ 0.00', { timeout: 15_000 });
  await expect(ops.getByTestId(`sold-${saleId}`)).not.toHaveText('0.0 %');
  await shot(ops, 'ops-sales');
  await expectNoSeriousA11yIssues(ops, 'sales');

  await ops.goto('/ops/fares');
  await expect(ops.getByRole('row').filter({ hasText: 'S_CHAIR' })).toBeVisible();
  await shot(ops, 'ops-fares');
  await expectNoSeriousA11yIssues(ops, 'fares');

  await ops.goto('/ops/audit');
  await ops.getByLabel('Search the audit log').fill(number);
  await expect(ops.getByRole('cell', { name: 'train.create' })).toBeVisible();
  await shot(ops, 'ops-audit');
  await expectNoSeriousA11yIssues(ops, 'audit');

  // Staff and kiosks: a kiosk at the new station gets its device token once.
  await ops.goto('/ops/staff');
  await ops.getByLabel('Kiosk name').fill(`Kiosk ${tag}`);
  await ops.getByLabel('Station', { exact: true }).selectOption(A);
  await ops.getByRole('button', { name: 'Register kiosk' }).click();
  await expect(ops.getByTestId('secret')).not.toBeEmpty();
  await expect(ops.getByRole('row').filter({ hasText: `Kiosk ${tag}` })).toContainText(A);
  await shot(ops, 'ops-staff');
  await expectNoSeriousA11yIssues(ops, 'staff');

  // A staff invitation: the invitee opens the link, chooses a password and is signed in as staff.
  await ops.getByLabel('E-mail').fill(`checker-${tag.toLowerCase()}@fastpass.local`);
  await ops.getByLabel('Name', { exact: true }).fill(`Checker ${tag}`);
  await ops.getByRole('button', { name: 'Invite' }).click();
  await expect(ops.getByTestId('secret')).toContainText('/staff/accept?token=');
  const link = (await ops.getByTestId('secret').textContent()) ?? '';
  const staffCtx = await other!.newContext({ viewport: { width: 1440, height: 900 } });
  const staff = await staffCtx.newPage();
  await staff.goto(link);
  await staff.getByLabel('Password').fill('checker-password');
  await staff.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(staff.getByRole('status')).toContainText(
    `Welcome, Checker ${tag}. You are signed in as staff.`,
  );
  await expectNoSeriousA11yIssues(staff, 'invitation');
  await staffCtx.close();

  // The operator cancels the trip: the passenger's open map shows it at once, the order is cancelled.
  await passenger.goto(tripUrl);
  await expect(passenger.locator('[data-connection]')).toHaveAttribute(
    'data-connection',
    /connected|degraded/,
  );
  await expect(seat(passenger, 'KA-2')).toHaveAttribute('data-state', 'sold');
  await ops.goto(`/ops/trains/${number}`);
  await ops.getByRole('button', { name: `Cancel trip ${tripId}` }).click();
  await ops.getByRole('button', { name: `Yes, cancel ${tripId}` }).click();
  await expect(
    ops.getByRole('status').filter({ hasText: `Trip ${tripId} cancelled; 1 order(s) cancelled.` }),
  ).toBeVisible();
  await expect(passenger.locator('[data-closed-reason="cancelled"]')).toContainText('Trip cancelled');
  await expect(seat(passenger, 'KA-2')).toHaveAttribute('data-state', 'free');
  await passenger.screenshot({ path: testInfo.outputPath('map-cancelled-1440.png') });
  await shot(ops, 'ops-train-cancelled');

  await pctx.close();
  await ctx.close();
});
