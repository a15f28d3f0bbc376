import { expect, test, userOf } from '../fixtures';
import { connectionStatus } from '../support/live';

// Sign-in through the real form lands each role on its home (docs/architecture.md §8, §10).

test.describe('sign-in', () => {
  test('each role signs in through the form and lands on its home, live', async ({ signIn }) => {
    for (const [name, home] of [
      ['ava', '/bookings'],
      ['rita', '/desk'],
      ['mia', '/staff'],
    ] as const) {
      const actor = await signIn(name);
      await expect(actor.page).toHaveURL(new RegExp(`${home}(\\?|$)`));
      await expect(connectionStatus(actor.page)).toHaveAttribute('data-state', 'connected');
      expect(actor.user.role).toBe(userOf(name).role);
    }
  });

  test('a wrong password is refused with a message and no session', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('ava@glowdesk.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });
});
