import { test } from '../fixtures';
import { createTicket } from '../support/api';
import { audit } from '../support/axe';

// Accessibility: axe on each main screen, signed in as the role that uses it. No serious or
// critical violation is allowed; lesser findings are attached to the report for a human.
// Read-only apart from one ticket Ava opens so her conversation screen has something in it.

test.describe('accessibility (axe)', () => {
  test('sign-in and registration', async ({ page }) => {
    await page.goto('/login');
    await audit(page, 'login');
    await page.goto('/register');
    await audit(page, 'register');
  });

  // One test per screen: each audit stands alone (a failure names its screen) and the
  // workers share them, instead of one test walking six screens against one timeout.
  for (const path of ['/bookings', '/bookings/new', '/bookings/bk_seed_7', '/support']) {
    test(`customer: ${path}`, async ({ signIn }) => {
      const ava = await signIn('ava', { path });
      await audit(ava.page, path);
    });
  }

  test('customer: a conversation', async ({ signIn }) => {
    const ava = await signIn('ava', { path: '/support' });
    const ticket = await createTicket(ava.api, {
      subject: 'Accessibility check',
      message: 'Just checking in.',
    });
    await ava.page.goto(`/support/${ticket.id}`);
    await audit(ava.page, '/support/:ticketId');
  });

  for (const path of [
    '/desk',
    '/desk/schedule',
    '/desk/bookings/bk_seed_7',
    '/desk/support',
    '/desk/support/tk_seed_1',
    '/desk/leave',
  ]) {
    test(`desk: ${path}`, async ({ signIn }) => {
      const max = await signIn('max', { path });
      await audit(max.page, path);
    });
  }

  for (const path of ['/staff', '/staff/bookings/bk_seed_9', '/staff/leave']) {
    test(`staff: ${path}`, async ({ signIn }) => {
      const mia = await signIn('mia', { path });
      await audit(mia.page, path);
    });
  }
});
