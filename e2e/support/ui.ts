import { expect, type Page } from '@playwright/test';

// What a person does in the SPA, step by step, by accessible names. When the UI's wording
// changes, this file is the one place to follow it.

/** Customer: /bookings/new → pick service, date, stylist, time → "Request booking". */
export async function bookThroughForm(
  page: Page,
  opts: { service: string; date: string; staffName?: string; time: string; note?: string },
): Promise<string> {
  await page.goto('/bookings/new');
  await page.getByRole('radio', { name: new RegExp(`^${opts.service}\\b`) }).check();
  await page.getByLabel('Date', { exact: true }).fill(opts.date);
  if (opts.staffName) {
    await page.getByLabel(/^Stylist/).selectOption({ label: opts.staffName });
  }
  await page
    .getByRole('group', { name: 'Time' })
    .getByRole('radio', { name: opts.time, exact: true })
    .check();
  if (opts.note) await page.getByLabel(/Note for the salon/).fill(opts.note);
  await page.getByRole('button', { name: 'Request booking' }).click();
  await expect(page).toHaveURL(/\/bookings\/(?!new)[^/]+$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  return id;
}

/** Reschedule from a booking detail page (customer or desk): pick the new date and time. */
export async function rescheduleThroughDetail(
  page: Page,
  opts: { date?: string; time: string },
): Promise<void> {
  await page.getByRole('button', { name: 'Reschedule' }).click();
  const form = page.getByRole('form', { name: 'Reschedule' });
  if (opts.date) await form.getByLabel('New date').fill(opts.date);
  await form
    .getByRole('group', { name: 'New time' })
    .getByRole('radio', { name: opts.time, exact: true })
    .check();
  await form.getByRole('button', { name: 'Move booking' }).click();
  await expect(form).toBeHidden();
}

/** Accepts the next `window.confirm` (the customer's "Cancel this booking?"). */
export function acceptNextDialog(page: Page): void {
  page.once('dialog', (dialog) => void dialog.accept());
}

/** Customer: /support → "Ask the salon" → subject and question → lands in the conversation. */
export async function openTicketThroughForm(
  page: Page,
  opts: { subject: string; message: string },
): Promise<string> {
  await page.goto('/support');
  await page.getByRole('button', { name: 'Ask the salon' }).first().click();
  await page.getByLabel('Subject').fill(opts.subject);
  await page.getByLabel('Your question').fill(opts.message);
  await page.getByRole('button', { name: 'Send to the salon' }).click();
  await expect(page).toHaveURL(/\/support\/[\w-]+$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}
