import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/**
 * Axe on a settled screen (its heading up, nothing saying "Loading"): no serious or critical
 * violation; lesser findings are attached to the report for a human.
 */
export async function audit(page: Page, screen: string) {
  await expect(page.getByRole('heading', { level: 1 }), screen).toBeVisible();
  await expect(page.getByText(/^Loading/), screen).toHaveCount(0);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const blocking = result.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  if (result.violations.length > 0) {
    await test.info().attach(`axe ${screen}`, {
      body: JSON.stringify(result.violations, null, 2),
      contentType: 'application/json',
    });
  }
  expect(
    blocking.map(
      (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target})`,
    ),
    `${screen}: serious/critical axe violations`,
  ).toEqual([]);
}
