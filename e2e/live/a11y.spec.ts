import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { createTicket } from '../support/api';

// Accessibility: axe on each main screen, signed in as the role that uses it. No serious or
// critical violation is allowed; lesser findings are attached to the report for a human.
// Read-only apart from one ticket Ava opens so her conversation screen has something in it.

async function audit(page: Page, screen: string) {
  // Settled: the page's heading is up and nothing says "Loading".
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

test.describe('accessibility (axe)', () => {
  test('sign-in and registration', async ({ page }) => {
    await page.goto('/login');
    await audit(page, 'login');
    await page.goto('/register');
    await audit(page, 'register');
  });

  test('customer screens', async ({ ava }) => {
    const ticket = await createTicket(ava.api, {
      subject: 'Accessibility check',
      message: 'Just checking in.',
    });
    for (const path of [
      '/bookings',
      '/bookings/new',
      '/bookings/bk_seed_7',
      '/support',
      `/support/${ticket.id}`,
    ]) {
      await ava.page.goto(path);
      await audit(ava.page, path);
    }
  });

  test('desk screens', async ({ max }) => {
    for (const path of [
      '/desk',
      '/desk/schedule',
      '/desk/bookings/bk_seed_7',
      '/desk/support',
      '/desk/support/tk_seed_1',
      '/desk/leave',
    ]) {
      await max.page.goto(path);
      await audit(max.page, path);
    }
  });

  test('staff screens', async ({ mia }) => {
    for (const path of ['/staff', '/staff/bookings/bk_seed_9', '/staff/leave']) {
      await mia.page.goto(path);
      await audit(mia.page, path);
    }
  });
});
