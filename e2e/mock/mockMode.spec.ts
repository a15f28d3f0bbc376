import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../contract';
import { connectionRecorderScript, connectionStates } from '../support/live';

// Mock mode (docs/architecture.md §3, web/src/mocks/README.md): the static mock bundle, no API and no broker.
// Two tabs of ONE browser context share the in-browser data and realtime, each signed in as
// someone else; everything they see of each other travels through the in-page engines and the
// cross-tab relay. Run against `MOCK_BASE_URL` (default: the project's baseURL, else :4173):
//
//   npm run build:mock && npx vite preview --mode mock --outDir ../dist/mock --port 4173 --strictPort
//   MOCK_BASE_URL=http://127.0.0.1:4173 npx playwright test --project=mock

interface Tabs {
  context: BrowserContext;
  base: string;
  leftOrigin: string[];
  notMocked: string[];
  open(email: string, path?: string): Promise<Page>;
}

const test2 = test.extend<{ tabs: Tabs }>({
  tabs: async ({ browser }, use, testInfo) => {
    const base =
      process.env.MOCK_BASE_URL ?? testInfo.project.use.baseURL ?? 'http://127.0.0.1:4173';
    const origin = new URL(base).origin;
    const context = await browser.newContext({ baseURL: base });
    await context.addInitScript(connectionRecorderScript);
    const leftOrigin: string[] = [];
    const notMocked: string[] = [];
    context.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) leftOrigin.push(request.url());
    });
    context.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/') && !response.fromServiceWorker()) {
        notMocked.push(response.url());
      }
    });
    const open = async (email: string, path = '/') => {
      const page = await context.newPage();
      page.on('websocket', (socket) => {
        // Only the dev server's own HMR socket may really open; the ably one is intercepted.
        if (new URL(socket.url()).host !== new URL(base).host) leftOrigin.push(socket.url());
      });
      await page.goto('/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).not.toHaveURL(/\/login(\?|$)/);
      // Let the signed-in page settle first: requests a page fires while it unloads bypass the
      // worker (MSW deactivates a client on beforeunload), see web/src/mocks/README.md.
      const live = () =>
        expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', {
          timeout: 20_000,
        });
      await live();
      if (path !== '/') {
        await page.waitForLoadState('networkidle');
        await page.goto(path);
        await live();
      }
      return page;
    };
    await use({ context, base, leftOrigin, notMocked, open });
    await context.close();
  },
});

const card = (page: Page, id: string) =>
  page.locator(`[data-testid="booking-card"][data-booking-id="${id}"]`).first();

async function markNoReload(page: Page) {
  await page.evaluate(() => {
    (window as { __mockMarker?: string }).__mockMarker = 'still-here';
  });
  return async () =>
    expect(await page.evaluate(() => (window as { __mockMarker?: string }).__mockMarker)).toBe(
      'still-here',
    );
}

test2(
  'customer and desk tabs see each other live; nothing leaves the browser',
  async ({ tabs }) => {
    const ava = await tabs.open('ava@glowdesk.test', '/bookings');
    const rita = await tabs.open('rita@glowdesk.test', '/desk');

    // Sign-in is per tab: Ava's tab is still Ava.
    await ava.bringToFront();
    await expect(card(ava, 'bk_seed_6')).toHaveAttribute('data-status', 'pending');
    const avaNotReloaded = await markNoReload(ava);

    // The desk approves in its tab; the customer's badge flips without a reload.
    await card(rita, 'bk_seed_6').getByRole('button', { name: 'Approve' }).click();
    await expect(card(ava, 'bk_seed_6')).toHaveAttribute('data-status', 'confirmed');
    await avaNotReloaded();

    // Ava opens a support ticket; Rita claims it and they chat.
    await openAndClaimTicket(ava, rita);
    await expect(rita.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

    // Presence crosses tabs: each sees the other in the conversation.
    await expect(ava.locator('[data-testid="presence-member"][data-user-id="u_rita"]')).toBeVisible(
      {
        timeout: 15_000,
      },
    );
    await expect(
      rita.locator('[data-testid="presence-member"][data-user-id="u_ava"]'),
    ).toBeVisible();

    // Typing travels as presence data, the message as a published event.
    const composer = rita.getByRole('textbox', { name: 'Message' });
    await composer.click();
    // One input event is enough to start typing (presence data); keystroke pacing is not the
    // point here, and on a loaded machine 32 paced keystrokes outlast the action timeout.
    await composer.fill('Yes — there is a car park behind');
    await expect(ava.getByTestId('typing-indicator')).toContainText('Rita');
    await composer.press('Enter');
    await expect(
      ava.getByTestId('chat-message').filter({ hasText: 'there is a car park behind' }),
    ).toHaveCount(1);
    await expect(ava.getByTestId('typing-indicator')).toHaveCount(0, { timeout: 10_000 });

    await ava.getByRole('textbox', { name: 'Message' }).fill('Perfect, thanks!');
    await ava.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(
      rita.getByTestId('chat-message').filter({ hasText: 'Perfect, thanks!' }),
    ).toHaveCount(1);

    expect(tabs.leftOrigin, 'requests that left the page origin').toEqual([]);
    expect(tabs.notMocked, 'API requests not answered by the mock worker').toEqual([]);
  },
);

test2(
  'notifications come from the same domain code: a decline with a reason reaches the customer tab',
  async ({ tabs }) => {
    const ava = await tabs.open('ava@glowdesk.test', '/support');
    const rita = await tabs.open('rita@glowdesk.test', '/desk/bookings/bk_seed_6');
    const bell = ava.getByTestId('notification-bell');
    await expect(bell).toHaveAttribute('data-unread', '0');

    await rita.getByRole('button', { name: 'Decline' }).click();
    await rita.getByLabel('Reason for the customer (optional)').fill('Mia is on a course');
    await rita.getByRole('button', { name: 'Decline booking' }).click();

    await ava.bringToFront();
    await expect(bell).toHaveAttribute('data-unread', '1');
    await expect(ava.getByRole('status').filter({ hasText: 'Booking declined' })).toContainText(
      'Reason: Mia is on a course',
    );
    await bell.click();
    await ava.getByRole('button', { name: 'Mark all read' }).click();
    await expect(bell).toHaveAttribute('data-unread', '0');
    expect(tabs.notMocked, 'API requests not answered by the mock worker').toEqual([]);
  },
);

test2('the toolbar drops the connection and the SDK comes back', async ({ tabs }) => {
  const ava = await tabs.open('ava@glowdesk.test', '/bookings');
  const before = Date.now();
  await ava.getByTestId('mock-toolbar-toggle').click();
  await ava.getByTestId('mock-drop-connection').click();

  await expect
    .poll(async () =>
      (await connectionStates(ava)).filter((s) => s.at >= before).map((s) => s.state),
    )
    .toContain('connected');
  const after = (await connectionStates(ava)).filter((s) => s.at >= before).map((s) => s.state);
  expect(after[0], 'the indicator left "connected"').not.toBe('connected');
  await expect(ava.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  // A change made in another tab after the reconnect still arrives live.
  const rita = await tabs.open('rita@glowdesk.test', '/desk');
  await card(rita, 'bk_seed_6').getByRole('button', { name: 'Approve' }).click();
  await expect(card(ava, 'bk_seed_6')).toHaveAttribute('data-status', 'confirmed');

  expect(tabs.leftOrigin).toEqual([]);
});

/** Ava opens a ticket in her tab; Rita claims it in hers. Both end up in the conversation. */
async function openAndClaimTicket(ava: Page, rita: Page): Promise<string> {
  await ava
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Support' })
    .click();
  await ava.getByRole('button', { name: 'Ask the salon' }).first().click();
  await ava.getByLabel('Subject').fill('Running late');
  await ava.getByLabel('Your question').fill('I might be ten minutes late, is that ok?');
  await ava.getByRole('button', { name: 'Send to the salon' }).click();
  await expect(ava).toHaveURL(/\/support\/[\w-]+$/);
  const ticketId = new URL(ava.url()).pathname.split('/').pop()!;
  await rita
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Support' })
    .click();
  await rita
    .locator(`[data-testid="queue-ticket"][data-ticket-id="${ticketId}"]`)
    .getByRole('button', { name: 'Claim' })
    .click();
  await expect(rita).toHaveURL(new RegExp(`/desk/support/${ticketId}$`));
  return ticketId;
}

test2(
  'an expired token is renewed in place; a closed tab leaves the other tab’s presence',
  async ({ tabs }) => {
    const ava = await tabs.open('ava@glowdesk.test', '/bookings');
    const rita = await tabs.open('rita@glowdesk.test', '/desk');
    await openAndClaimTicket(ava, rita);
    const ritaHere = ava.locator('[data-testid="presence-member"][data-user-id="u_rita"]');
    await expect(ritaHere).toBeVisible({ timeout: 15_000 });

    // Expire Ava's token: the SDK asks /api/ably/token again and stays on the same page, live.
    const renewed = ava.waitForRequest((r) => r.url().endsWith('/api/ably/token'));
    await ava.getByTestId('mock-toolbar-toggle').click();
    await ava.getByTestId('mock-expire-token').click();
    await renewed;
    await expect(ava.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await rita
      .getByRole('textbox', { name: 'Message' })
      .fill('Still here after your token renewed');
    await rita.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(
      ava.getByTestId('chat-message').filter({ hasText: 'Still here after your token renewed' }),
    ).toHaveCount(1);

    // Rita closes her tab: her presence leaves Ava's conversation.
    await rita.close({ runBeforeUnload: true });
    await expect(ritaHere).toHaveCount(0, { timeout: 15_000 });

    expect(tabs.leftOrigin).toEqual([]);
  },
);
