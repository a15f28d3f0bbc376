import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import {
  createBooking,
  createTicket,
  firstFreeTime,
  postMessage,
  ticketAction,
} from '../support/api';
import { day } from '../support/days';
import { bookingCard, expectConnected, markNoReload, queueTicket } from '../support/live';

// Nobody misses a change (docs/architecture.md §6): what happens elsewhere reaches the person
// it concerns on whatever page they are, in every tab, and reading it in one clears it in all.

const bell = (page: Page) => page.getByTestId('notification-bell');

/**
 * A customer of their own, registered now: these tests count the customer's notifications,
 * which the demo customers also receive from specs running beside them on the shared server.
 */
async function newCustomer(browser: Browser, baseURL: string, name: string) {
  const context = await browser.newContext({ baseURL });
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const res = await context.request.post('/api/auth/register', {
    data: { name, email: `${name.toLowerCase()}.${tag}@example.test`, password: 'e2e-pass-123' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { context, api: context.request, page: await context.newPage() };
}

test.describe('notifications', () => {
  test('a decline with a reason reaches the customer on /support, in both tabs; reading clears both', async ({
    browser,
    baseURL,
    signIn,
  }) => {
    const nora = await newCustomer(browser, baseURL!, 'Nora');
    const date = day('notifications');
    const time = await firstFreeTime(nora.api, { date, serviceId: 'sv_cut', staffId: 'st_zoe' });
    const booking = await createBooking(nora.api, {
      serviceId: 'sv_cut',
      date,
      time,
      staffId: 'st_zoe',
    });
    await nora.page.goto('/support');
    await expectConnected(nora.page);
    const second = await nora.context.newPage();
    await second.goto('/bookings');
    await expectConnected(second);
    const marks = await Promise.all([nora.page, second].map(markNoReload));

    const rita = await signIn('rita', { path: `/desk/bookings/${booking.id}` });
    await rita.page.getByRole('button', { name: 'Decline' }).click();
    await rita.page.getByLabel('Reason for the customer (optional)').fill('Zoe is off sick');
    await rita.page.getByRole('button', { name: 'Decline booking' }).click();

    // On /support: the bell counts it, and a toast names the booking and the reason.
    await expect(bell(nora.page)).toHaveAttribute('data-unread', '1');
    const toast = nora.page.getByRole('status').filter({ hasText: 'Booking declined' });
    await expect(toast).toContainText(`Haircut on`);
    await expect(toast).toContainText(`at ${time}. Reason: Zoe is off sick`);
    // The other tab agrees, and its list shows the reason on the card.
    await expect(bell(second)).toHaveAttribute('data-unread', '1');
    await expect(bookingCard(second, booking.id)).toHaveAttribute('data-status', 'declined');
    await expect(bookingCard(second, booking.id)).toContainText('Reason: Zoe is off sick');

    // Read in the first tab: both tabs drop to zero, and the entry is read in both lists.
    await bell(nora.page).click();
    const entry = (page: Page) =>
      page.getByTestId('notification').filter({ hasText: 'Booking declined' });
    await expect(entry(nora.page)).toHaveAttribute('data-read', 'false');
    await nora.page.getByRole('button', { name: 'Mark all read' }).click();
    await expect(bell(nora.page)).toHaveAttribute('data-unread', '0');
    await expect(bell(second)).toHaveAttribute('data-unread', '0');
    await bell(second).click();
    await expect(entry(second)).toHaveAttribute('data-read', 'true');
    for (const m of marks) await m.assert();
    await nora.context.close();
  });

  test('a reply while the customer is on /bookings: the nav badge and the ticket count rise; opening clears them', async ({
    browser,
    baseURL,
    rita,
  }) => {
    const omar = await newCustomer(browser, baseURL!, 'Omar');
    const ticket = await createTicket(omar.api, {
      subject: 'Parking near the salon?',
      message: 'Is there parking nearby?',
    });
    try {
      expect((await ticketAction(rita.api, ticket.id, 'claim')).status()).toBe(200);
      await omar.page.goto('/bookings');
      await expectConnected(omar.page);
      const mark = await markNoReload(omar.page);
      const badge = omar.page.getByTestId('support-unread');
      await expect(badge).toHaveCount(0);

      await postMessage(rita.api, ticket.id, 'Yes — the car park behind the salon is free.');
      await expect(badge).toHaveText(/^1/);
      await expect(bell(omar.page)).toHaveAttribute('data-unread', '1');
      await mark.assert();

      await omar.page.getByRole('link', { name: /^Support/ }).click();
      const row = queueTicket(omar.page, ticket.id);
      await expect(row.getByTestId('ticket-unread')).toHaveText('1 new');
      await expect(row).toContainText('Rita: Yes — the car park behind the salon is free.');

      // Opening the conversation reads it: the badge, the count and the bell all clear.
      await row.getByRole('link', { name: 'Parking near the salon?' }).click();
      await expect(omar.page.getByTestId('chat-message').last()).toContainText('car park');
      await expect(badge).toHaveCount(0);
      await expect(bell(omar.page)).toHaveAttribute('data-unread', '0');
      await omar.page.goBack();
      await expect(queueTicket(omar.page, ticket.id).getByTestId('ticket-unread')).toHaveCount(0);
    } finally {
      await ticketAction(rita.api, ticket.id, 'complete');
      await omar.context.close();
    }
  });
});
