import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { addDays, DEMO_PASSWORD, localDate } from '../../contract';

// Mock mode runs the salon day too (web/src/mocks: the same domain/ rules on the browser
// store): in two tabs of one browser, Rita books a phone caller with two services at the desk
// and Zoe's day shows the appointment arrive live.

async function open(context: BrowserContext, email: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  const live = () =>
    expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', {
      timeout: 20_000,
    });
  await live();
  await page.waitForLoadState('networkidle');
  await page.goto(path);
  await live();
  return page;
}

test('mock mode: a desk phone booking with two services reaches the stylist live', async ({
  browser,
}, testInfo) => {
  const base = process.env.MOCK_BASE_URL ?? testInfo.project.use.baseURL ?? 'http://127.0.0.1:4173';
  const context = await browser.newContext({ baseURL: base });
  try {
    const zoe = await open(context, 'zoe@glowdesk.test', '/staff');
    const rita = await open(context, 'rita@glowdesk.test', '/desk/bookings/new');
    // The branch's zone, asked through the page (the mock worker answers, not the network).
    const zone = await rita.evaluate(
      async () => (await (await fetch('/api/branch')).json()).timeZone,
    );
    const date = addDays(localDate(new Date(), zone as string), 5);

    const form = rita.getByRole('form', { name: 'New booking' });
    await form.getByRole('button', { name: 'New customer' }).click();
    await form.getByLabel('Name', { exact: true }).fill('Eve Mock');
    await form.getByLabel('Phone', { exact: true }).fill('+353 86 000 0001');
    await form.getByRole('button', { name: 'Add customer' }).click();
    await expect(form.getByTestId('chosen-customer')).toContainText('Eve Mock');
    await form.getByRole('radio', { name: /^Haircut\b/ }).check();
    await form.getByRole('checkbox', { name: /Blow-dry/ }).check();
    await form.getByLabel('Date', { exact: true }).fill(date);
    await form.getByLabel('Stylist', { exact: true }).selectOption('st_zoe');
    await form.locator('.slot-grid input[type="radio"]').first().check();
    await form.getByRole('button', { name: 'Book' }).click();

    await expect(rita).toHaveURL(/\/desk\/bookings\/bk_/);
    const detail = rita.getByTestId('booking-card');
    await expect(detail).toHaveAttribute('data-status', 'confirmed');
    await expect(detail).toContainText('Haircut + Blow-dry');
    const id = (await detail.getAttribute('data-booking-id'))!;
    await expect(
      zoe.locator(`[data-testid="booking-card"][data-booking-id="${id}"]`),
    ).toContainText('Eve Mock');
  } finally {
    await context.close();
  }
});
