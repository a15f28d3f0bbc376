import { expect, test } from '../fixtures';
import { createBooking, firstFreeTime, patchBooking } from '../support/api';
import { day } from '../support/days';
import { bookingCard, connectionStatus, refocus } from '../support/live';

// REALTIME=off (docs/architecture.md §3): no token, no broker. Every page still works from fetches, says
// live updates are paused, and refetches when the user comes back to the tab.

const PAUSED = /Live updates paused/i;

const pages = {
  ava: ['/bookings', '/bookings/new', '/bookings/bk_seed_6', '/support'],
  rita: [
    '/desk',
    '/desk/schedule',
    '/desk/bookings/bk_seed_6',
    '/desk/support',
    '/desk/support/tk_seed_1',
    '/desk/leave',
  ],
  mia: ['/staff', '/staff/bookings/bk_seed_6', '/staff/leave'],
} as const;

test.describe('realtime off', () => {
  test('every page works, shows "Live updates paused" and refetches on focus', async ({
    isolatedServer,
    signIn,
  }) => {
    const server = await isolatedServer({ env: { REALTIME: 'off' } });
    const ava = await signIn('ava', { server, path: '/bookings' });
    const rita = await signIn('rita', { server, path: '/desk' });
    const mia = await signIn('mia', { server, path: '/staff' });

    expect((await ava.api.get('/api/config')).ok()).toBe(true);
    const token = await ava.api.post('/api/ably/token');
    expect(token.status()).toBe(503);
    expect(((await token.json()) as { error: { code: string } }).error.code).toBe(
      'REALTIME_UNAVAILABLE',
    );

    // The three tour their pages side by side, as a salon's customer, desk and stylist would.
    await Promise.all(
      [ava, rita, mia].map(async (actor) => {
        const sockets: string[] = [];
        actor.page.on('websocket', (ws) => sockets.push(ws.url()));
        for (const path of pages[actor.name as keyof typeof pages]) {
          await actor.page.goto(path);
          await expect(connectionStatus(actor.page), path).toHaveAttribute('data-state', 'off');
          await expect(actor.page.getByText(PAUSED), path).toBeVisible();
          await expect(actor.page.getByRole('heading', { level: 1 }), path).toBeVisible();
          await expect(actor.page.getByText('Something went wrong'), path).toHaveCount(0);
        }
        expect(sockets, `${actor.name} opened no realtime connection`).toEqual([]);
      }),
    );

    // Refetch on focus: the desk approves; Ava's page catches up when she returns to it.
    await ava.page.goto('/bookings');
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'pending');
    await patchBooking(rita.api, 'bk_seed_6', { action: 'approve' });
    await refocus(ava.page);
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'confirmed');

    // … and the desk's queue catches up with a booking Ava made.
    await rita.page.goto('/desk');
    await expect(rita.page.getByTestId('booking-card').first()).toBeVisible();
    const date = day('lifecycle');
    const time = await firstFreeTime(ava.api, { date, serviceId: 'sv_cut', staffId: 'st_mia' });
    const booking = await createBooking(ava.api, {
      serviceId: 'sv_cut',
      date,
      time,
      staffId: 'st_mia',
    });
    await refocus(rita.page);
    await expect(bookingCard(rita.page, booking.id)).toHaveAttribute('data-status', 'pending');
  });
});
