/** An axe check shared by the screen tests: no serious or critical issue on the page as it is. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export async function expectNoSeriousA11yIssues(page: Page, what: string): Promise<void> {
  // @axe-core/playwright types come from a second copy of playwright-core; the page object is the same at runtime.
  type AxePage = ConstructorParameters<typeof AxeBuilder>[0]['page'];
  const result = await new AxeBuilder({ page: page as unknown as AxePage }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${what}`,
  ).toEqual([]);
}
