import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Booking, Customer, LeaveRequest } from '../../contract';
import { expect, test } from '../fixtures';
import { dayFromToday } from '../support/api';
import { bookingCard, expectConnected, markNoReload, scheduleSlot } from '../support/live';

// A salon day at the desk (docs/architecture.md §6), several people at once on the shared
// server: a phone booking for a new customer with two services taken by keyboard, a desk
// booking a customer with an account sees arrive, and leave whose clashes are resolved on
// approval. Days are random within the 90-day horizon and away from the reserved ones
// (e2e/support/days.ts) and from the leave spec's stylist, so reruns and workers never clash.

const dayIn = (from: number, to: number) =>
  dayFromToday(from + Math.floor(Math.random() * (to - from + 1)));
const uniq = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function freeTimes(page: Page, date: string, serviceIds: string[], staffId: string) {
  const q = new URLSearchParams({ date, serviceIds: serviceIds.join(','), staffId });
  const res = await page.request.get(`/api/availability?${q}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { time: string }[]).map((t) => t.time);
}

/** A customer who just registered, signed in on their own page and connected. */
async function newAccount(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page; id: string; email: string; name: string }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const name = `Nora ${uniq()}`;
  const email = `nora.${uniq()}@example.test`;
  const res = await page.request.post('/api/auth/register', {
    data: { name, email, password: 'glowdesk-e2e-pass' },
  });
  expect(res.status()).toBe(201);
  const { user } = (await res.json()) as { user: { id: string } };
  await page.goto('/bookings');
  await expectConnected(page);
  return { context, page, id: user.id, email, name };
}

test('a receptionist takes a phone booking for a new customer with two services, by keyboard; the schedule and the stylist see it live', async ({
  rita,
  max,
  signIn,
}) => {
  const date = dayIn(50, 64);
  const zoe = await signIn('zoe', { path: '/staff' });
  const times = await freeTimes(rita.page, date, ['sv_cut', 'sv_blowdry'], 'st_zoe');
  const time = times[Math.floor(times.length / 2)]!;
  const next = `${time.slice(0, 2)}:${time.endsWith('30') ? '00' : '30'}`;
  const second = time.endsWith('30')
    ? `${String(Number(time.slice(0, 2)) + 1).padStart(2, '0')}:00`
    : next;
  await max.page.goto(`/desk/schedule?date=${date}`);
  await expect(scheduleSlot(max.page, 'st_zoe', time)).toHaveAttribute('data-state', 'free');
  const marks = await Promise.all([max.page, zoe.page].map(markNoReload));

  // Rita opens the free cell from the grid (Enter on it), pre-filled with Zoe, the day, the time.
  await rita.page.goto(`/desk/schedule?date=${date}`);
  await scheduleSlot(rita.page, 'st_zoe', time).getByRole('link').press('Enter');
  await expect(rita.page.getByRole('heading', { name: 'New booking' })).toBeVisible();
  const form = rita.page.getByRole('form', { name: 'New booking' });
  await expect(form.getByLabel('Stylist', { exact: true })).toHaveValue('st_zoe');
  await expect(form.getByLabel('Date', { exact: true })).toHaveValue(date);

  // A new customer on the phone: name and number.
  const name = `Cara ${uniq()}`;
  const phone = `+353 87 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  await form.getByRole('button', { name: 'New customer' }).press('Enter');
  await form.getByLabel('Name', { exact: true }).pressSequentially(name);
  await form.getByLabel('Phone', { exact: true }).pressSequentially(phone);
  await form.getByRole('button', { name: 'Add customer' }).press('Enter');
  await expect(form.getByTestId('chosen-customer')).toContainText(name);

  // Two services: a haircut, then a blow-dry added.
  await form.getByRole('radio', { name: /^Haircut\b/ }).press('Space');
  await form.getByRole('checkbox', { name: /Blow-dry/ }).press('Space');
  await expect(form.getByRole('radio', { name: time, exact: true })).toBeChecked();
  const summary = form.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('Total');
  await expect(summary).toContainText('1 h');
  await expect(summary).toContainText('60.00');
  await form.getByRole('button', { name: 'Book' }).press('Enter');

  // Confirmed at once, from the desk, with the caller's number.
  await expect(rita.page).toHaveURL(/\/desk\/bookings\/bk_/);
  const detail = rita.page.getByTestId('booking-card');
  await expect(detail).toHaveAttribute('data-status', 'confirmed');
  await expect(detail).toContainText(phone);
  await expect(detail).toContainText('Haircut + Blow-dry');
  const bookingId = (await detail.getAttribute('data-booking-id'))!;

  // Live: Max's grid books both cells as one block; Zoe's day gains the appointment.
  await expect(scheduleSlot(max.page, 'st_zoe', time)).toHaveAttribute('data-state', 'booked');
  await expect(scheduleSlot(max.page, 'st_zoe', second)).toHaveAttribute('data-state', 'booked');
  await expect(scheduleSlot(max.page, 'st_zoe', time).locator('.block')).toContainText(name);
  await expect(bookingCard(zoe.page, bookingId)).toHaveAttribute('data-status', 'confirmed');
  for (const m of marks) await m.assert();
});

test('the desk books by phone for a customer with an account: it arrives on their list live, and grows live', async ({
  rita,
  browser,
  baseURL,
}) => {
  const date = dayIn(50, 64);
  const nora = await newAccount(browser, baseURL!);
  try {
    const mark = await markNoReload(nora.page);
    // Rita finds Nora by email as she types.
    await rita.page.goto('/desk/bookings/new');
    const form = rita.page.getByRole('form', { name: 'New booking' });
    await form.getByLabel('Find a customer').pressSequentially(nora.email.slice(0, 12));
    // Wait for the answer to the whole prefix (only Nora): an earlier, shorter prefix lists
    // every Nora of earlier runs, and a click while that list shrinks can land beside her.
    const matches = form.getByRole('list', { name: 'Matching customers' }).getByRole('button');
    await expect(matches).toHaveCount(1);
    await matches.filter({ hasText: nora.name }).click();
    await expect(form.getByTestId('chosen-customer')).toContainText(nora.name);
    await form.getByRole('radio', { name: /^Haircut\b/ }).check();
    await form.getByLabel('Date', { exact: true }).fill(date);
    await form.getByLabel('Stylist', { exact: true }).selectOption('st_leo');
    const time = (await freeTimes(rita.page, date, ['sv_cut'], 'st_leo'))[0]!;
    await form.getByRole('radio', { name: time, exact: true }).check();
    await form.getByRole('button', { name: 'Book' }).click();
    await expect(rita.page).toHaveURL(/\/desk\/bookings\/bk_/);
    const bookingId = (await rita.page
      .getByTestId('booking-card')
      .getAttribute('data-booking-id'))!;

    const card = bookingCard(nora.page, bookingId);
    await expect(card).toHaveAttribute('data-status', 'confirmed');
    await expect(card).toContainText('Haircut');

    // The desk adds a blow-dry on the live booking: Nora's card changes in place.
    await rita.page.getByRole('button', { name: 'Change services' }).click();
    const edit = rita.page.getByRole('form', { name: 'Change services' });
    await edit.getByRole('checkbox', { name: /Blow-dry/ }).check();
    await edit.getByRole('button', { name: 'Save services' }).click();
    await expect(card).toContainText('Haircut + Blow-dry');
    await expect(card).toContainText('1 h');
    await mark.assert();
  } finally {
    await nora.context.close();
  }
});

test('leave that resolves its clashes: approving with a reassignment moves the day, the schedule and the customer live', async ({
  rita,
  max,
  signIn,
  browser,
  baseURL,
}) => {
  const date = dayIn(65, 85);
  const leo = await signIn('leo', { path: '/staff' });
  const zoe = await signIn('zoe', { path: '/staff' });
  const nora = await newAccount(browser, baseURL!);
  try {
    // Two of Leo's bookings that day: Nora's (an account) and a phone caller's.
    const free = await freeTimes(rita.page, date, ['sv_cut'], 'st_leo');
    const first = free[2]!;
    const later = free[10]!;
    const bookFor = async (customerId: string, time: string) => {
      const res = await rita.api.post('/api/bookings', {
        data: { serviceIds: ['sv_cut'], date, time, staffId: 'st_leo', customerId },
      });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { booking: Booking }).booking;
    };
    const caller = (await (
      await rita.api.post('/api/customers', {
        data: { name: `Dee ${uniq()}`, phone: `+1 555 ${Math.floor(Math.random() * 1e7)}` },
      })
    ).json()) as { customer: Customer };
    const noras = await bookFor(nora.id, first);
    const dees = await bookFor(caller.customer.id, later);
    const asked = await leo.api.post('/api/leave', {
      data: { from: date, to: date, reason: `Course ${uniq()}` },
    });
    expect(asked.status()).toBe(201);
    const leave = ((await asked.json()) as { leave: LeaveRequest }).leave;

    await nora.page.goto(`/bookings/${noras.id}`);
    await expect(nora.page.getByTestId('booking-stylist')).toHaveText('Leo');
    await rita.page.goto(`/desk/schedule?date=${date}`);
    await expect(scheduleSlot(rita.page, 'st_leo', first)).toHaveAttribute('data-state', 'booked');
    await leo.page.reload();
    await expect(bookingCard(leo.page, noras.id)).toBeVisible();
    await expect(bookingCard(leo.page, dees.id)).toBeVisible();
    const marks = await Promise.all([rita.page, leo.page, zoe.page, nora.page].map(markNoReload));

    // Max sees what approving strands, with who is free for each; Nora's goes to Zoe.
    await max.page.goto('/desk/leave');
    const row = max.page.locator(`[data-leave-id="${leave.id}"]`);
    const impact = row.getByTestId('leave-impact');
    await expect(impact.locator(`[data-booking-id="${noras.id}"]`)).toBeVisible();
    await expect(impact.locator(`[data-booking-id="${dees.id}"]`)).toBeVisible();
    await impact
      .locator(`[data-booking-id="${noras.id}"]`)
      .getByRole('combobox')
      .selectOption('st_zoe');
    await row.getByRole('button', { name: 'Approve' }).click();
    await expect(max.page.locator(`[data-leave-id="${leave.id}"]`)).toContainText('Approved');

    // Leo's day loses both; Zoe's gains Nora's; the grid moves it and lists the other as
    // needing a stylist (not inside Leo's off column); Nora sees her new stylist.
    await expect(bookingCard(leo.page, noras.id)).toHaveCount(0);
    await expect(bookingCard(leo.page, dees.id)).toHaveCount(0);
    await expect(bookingCard(zoe.page, noras.id)).toBeVisible();
    await expect(scheduleSlot(rita.page, 'st_zoe', first)).toHaveAttribute('data-state', 'booked');
    await expect(scheduleSlot(rita.page, 'st_leo', later)).toHaveAttribute('data-state', 'off');
    await expect(
      rita.page.locator(`[data-testid="needs-stylist"][data-booking-id="${dees.id}"]`),
    ).toBeVisible();
    await expect(nora.page.getByTestId('booking-stylist')).toHaveText('Zoe');
    for (const m of marks) await m.assert();
  } finally {
    await nora.context.close();
  }
});
