import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { createTicket, listTickets, ticketAction } from '../support/api';
import { chatMessage, markNoReload, presenceMember, queueTicket } from '../support/live';
import { openTicketThroughForm } from '../support/ui';

// Support (docs/architecture.md §6): a ticket waits in the queue while its customer watches their place;
// the first desk to claim it wins (others see it vanish, a racing claim gets a friendly
// answer); then customer and desk chat live, with presence and typing; either completes it.

/** What the customer reads about their place (SupportPages' QueueLine). */
const placeText = (p: number) => (p === 1 ? 'You are next in line' : `Number ${p} in the queue`);
const waitingSection = (page: Page) => page.getByRole('region', { name: /^Waiting/ });
const inConversationSection = (page: Page) =>
  page.getByRole('region', { name: /^In conversation/ });

test.describe('support', () => {
  test('ticket → queue with position → claim race → chat with typing and presence → complete', async ({
    ava,
    ben,
    rita,
    max,
  }) => {
    // Ben is ahead in the queue, so Ava can watch her place move when his ticket is taken.
    const ahead = await createTicket(ben.api, {
      subject: 'Parking?',
      message: 'Is there parking nearby?',
    });
    await rita.page.goto('/desk/support');
    await max.page.goto('/desk/support');
    await expect(queueTicket(rita.page, ahead.id)).toBeVisible();
    const deskMarks = await Promise.all([rita.page, max.page].map(markNoReload));

    // Ava opens a ticket through the form and lands in its conversation.
    const subject = `Running late (${test.info().testId})`;
    const ticketId = await openTicketThroughForm(ava.page, {
      subject,
      message: 'I might be ten minutes late, is that ok?',
    });
    const avaMark = await markNoReload(ava.page);

    // Both desks see it arrive; Ava sees her place in the queue, as the API counts it.
    await expect(queueTicket(rita.page, ticketId)).toContainText(subject);
    await expect(queueTicket(max.page, ticketId)).toBeVisible();
    const placeOf = async () =>
      (await listTickets(ava.api)).find((t) => t.id === ticketId)?.queuePosition ?? null;
    const before = await placeOf();
    expect(before).toBeGreaterThanOrEqual(2);
    await expect(ava.page.getByText(placeText(before!))).toBeVisible();

    // Ben's ticket is claimed: it leaves Rita's "Waiting" list for "In conversation" (with Max),
    // and Ava moves up without reloading.
    expect((await ticketAction(max.api, ahead.id, 'claim')).status()).toBe(200);
    await expect(queueTicket(waitingSection(rita.page), ahead.id)).toHaveCount(0);
    await expect(queueTicket(inConversationSection(rita.page), ahead.id)).toContainText('With Max');
    await expect.poll(placeOf).toBe(before! - 1);
    await expect(ava.page.getByText(placeText(before! - 1))).toBeVisible();

    // The claim race. Max has the ticket open in a second tab and clicks Claim there; his request
    // is held in flight until Rita's claim (from her queue) has won, then let through.
    const maxTicket = await max.context.newPage();
    await maxTicket.goto(`/desk/support/${ticketId}`);
    let releaseMax!: () => void;
    const maxHeld = new Promise<void>((r) => {
      releaseMax = r;
    });
    let maxRequested!: () => void;
    const maxInFlight = new Promise<void>((r) => {
      maxRequested = r;
    });
    await maxTicket.route(`**/api/tickets/${ticketId}/claim`, async (route) => {
      maxRequested();
      await maxHeld;
      await route.continue();
    });
    await maxTicket.getByRole('button', { name: 'Claim' }).click();
    await maxInFlight;
    await queueTicket(rita.page, ticketId).getByRole('button', { name: 'Claim' }).click();
    await expect(rita.page).toHaveURL(new RegExp(`/desk/support/${ticketId}$`));
    // Max's queue tab: the ticket leaves "Waiting" by itself.
    await expect(queueTicket(waitingSection(max.page), ticketId)).toHaveCount(0);
    await deskMarks[1]!.assert();

    const maxAnswer = maxTicket.waitForResponse(`**/api/tickets/${ticketId}/claim`);
    releaseMax();
    expect((await maxAnswer).status()).toBe(409);
    // Max is told, in words, that someone else has it — no status codes or error codes.
    const told = maxTicket.getByRole('alert');
    await expect(told).toContainText(/already|Rita/i);
    await expect(told).not.toContainText(/\b409\b|ALREADY_CLAIMED|Error:/);
    await expect(maxTicket.getByRole('button', { name: 'Claim' })).toHaveCount(0);

    // Conversation: both are present, typing shows, messages arrive both ways.
    await expect(ava.page.getByText('Rita is helping you')).toBeVisible();
    await expect(presenceMember(ava.page, rita.user.id)).toBeVisible({ timeout: 15_000 });
    await expect(presenceMember(rita.page, ava.user.id)).toBeVisible({ timeout: 15_000 });

    const avaComposer = ava.page.getByRole('textbox', { name: 'Message' });
    await avaComposer.pressSequentially('Traffic is awful', { delay: 15 });
    await expect(rita.page.getByTestId('typing-indicator')).toContainText('Ava');
    await avaComposer.press('Enter');
    await expect(
      chatMessage(rita.page).filter({ hasText: 'Traffic is awful' }),
      'the message arrives once',
    ).toHaveCount(1);
    await expect(rita.page.getByTestId('typing-indicator')).toHaveCount(0);
    await expect(avaComposer).toHaveValue('');

    const ritaComposer = rita.page.getByRole('textbox', { name: 'Message' });
    await ritaComposer.fill('No problem, see you soon!');
    await ritaComposer.press('Enter');
    await expect(
      chatMessage(ava.page).filter({ hasText: 'No problem, see you soon!' }),
    ).toHaveCount(1);
    await expect(
      chatMessage(rita.page).filter({ hasText: 'No problem, see you soon!' }),
    ).toHaveCount(1);

    // Rita completes the conversation; Ava's page says so and stops offering the composer.
    await rita.page.getByRole('button', { name: 'Complete' }).click();
    await expect(ava.page.getByText('This conversation is closed.')).toBeVisible();
    await expect(ava.page.getByText('Resolved', { exact: true })).toBeVisible();
    await expect(ava.page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await avaMark.assert();
  });
});
