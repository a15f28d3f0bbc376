import { expect, test } from '../fixtures';
import { createBooking, firstFreeTime, patchBooking } from '../support/api';
import { day } from '../support/days';
import {
  bookingCard,
  connectionStates,
  connectionStatus,
  expectConnected,
  markNoReload,
} from '../support/live';

// Faults (docs/architecture.md §9, §5): the network drops, the broker restarts, tokens expire — and each
// user still ends up seeing exactly what happened, without reloading. Every test here runs
// its own app process (fresh seed, own broker) so it can break things without hurting others.
// Seed data is fresh in each: Ava has bk_seed_6 (pending) and bk_seed_7 (confirmed) tomorrow.

const PAUSED = /Live updates paused/i;

test.describe('faults', () => {
  test('offline for a few seconds while the desk acts: back online, nothing is missed', async ({
    isolatedServer,
    signIn,
  }) => {
    const server = await isolatedServer();
    const ava = await signIn('ava', { server, path: '/bookings' });
    const rita = await signIn('rita', { server, path: '/desk' });
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'pending');
    await expect(bookingCard(ava.page, 'bk_seed_7')).toHaveAttribute('data-status', 'confirmed');
    await expect(bookingCard(rita.page, 'bk_seed_6')).toHaveAttribute('data-status', 'pending');
    const mark = await markNoReload(ava.page);

    await ava.context.setOffline(true);
    await expect(connectionStatus(ava.page)).not.toHaveAttribute('data-state', 'connected');
    await expect(ava.page.getByText(PAUSED)).toBeVisible();

    // The desk acts while Ava is away: approve one, cancel another, add a walk-in for her.
    await patchBooking(rita.api, 'bk_seed_6', { action: 'approve' });
    await patchBooking(rita.api, 'bk_seed_7', { action: 'cancel', reason: 'Stylist unwell' });
    const date = day('faults');
    const time = await firstFreeTime(rita.api, { date, serviceId: 'sv_cut', staffId: 'st_zoe' });
    const walkIn = await createBooking(rita.api, {
      serviceId: 'sv_cut',
      date,
      time,
      staffId: 'st_zoe',
      customerId: ava.user.id,
    });
    // A walk-in the desk books is confirmed at once (it needs no approval), so it goes to the
    // schedule, not to the desk's pending queue.
    expect(walkIn.status).toBe('confirmed');
    // The desk's own page saw its approval live (bk_seed_6 left the pending queue); Ava's,
    // offline, still shows the old state.
    await expect(bookingCard(rita.page, 'bk_seed_6')).toHaveCount(0);
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'pending');

    await ava.context.setOffline(false);
    await expectConnected(ava.page);
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'confirmed');
    await expect(bookingCard(ava.page, 'bk_seed_7')).toHaveAttribute('data-status', 'cancelled');
    await expect(bookingCard(ava.page, walkIn.id)).toHaveAttribute('data-status', 'confirmed');
    await expect(ava.page.getByText(PAUSED)).toBeHidden();
    await mark.assert();
  });

  test('offline beyond the resume window: the page refetches and converges', async ({
    isolatedServer,
    signIn,
  }) => {
    // The broker forgets a connection it can no longer resume; restarting the app while Ava is
    // offline is exactly that (its connection key dies with the old broker, and the events
    // published before the restart are gone), so only a refetch can bring her up to date.
    const server = await isolatedServer();
    const ava = await signIn('ava', { server, path: '/bookings' });
    const rita = await signIn('rita', { server, path: '/desk' });
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'pending');
    const mark = await markNoReload(ava.page);

    await ava.context.setOffline(true);
    await expect(connectionStatus(ava.page)).not.toHaveAttribute('data-state', 'connected');
    await patchBooking(rita.api, 'bk_seed_6', { action: 'decline', reason: 'Fully booked' });
    await server.restart();
    await patchBooking(rita.api, 'bk_seed_7', { action: 'complete' });

    await ava.context.setOffline(false);
    await expectConnected(ava.page, 40_000);
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'declined');
    await expect(bookingCard(ava.page, 'bk_seed_7')).toHaveAttribute('data-status', 'completed');
    await mark.assert();
  });

  test('the broker restarts mid-session: every client reconnects and stays live', async ({
    isolatedServer,
    signIn,
  }) => {
    const server = await isolatedServer();
    const ava = await signIn('ava', { server, path: '/bookings' });
    const rita = await signIn('rita', { server, path: '/desk' });
    const avaMark = await markNoReload(ava.page);
    const ritaMark = await markNoReload(rita.page);

    await server.restart(async () => {
      await expect(connectionStatus(ava.page)).not.toHaveAttribute('data-state', 'connected');
      await expect(connectionStatus(rita.page)).not.toHaveAttribute('data-state', 'connected');
    });
    // The SPA's client retries 1–2 s apart against the local broker (web/src/realtime/client.ts),
    // not the SDK's default 15 s.
    await expectConnected(ava.page);
    await expectConnected(rita.page);

    // Live in both directions after the restart.
    await bookingCard(rita.page, 'bk_seed_6').getByRole('button', { name: 'Approve' }).click();
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'confirmed');
    const date = day('faults');
    const time = await firstFreeTime(ava.api, { date, serviceId: 'sv_cut', staffId: 'st_leo' });
    const booking = await createBooking(ava.api, {
      serviceId: 'sv_cut',
      date,
      time,
      staffId: 'st_leo',
    });
    await expect(bookingCard(rita.page, booking.id)).toHaveAttribute('data-status', 'pending');
    await avaMark.assert();
    await ritaMark.assert();
  });

  test('a token that expires mid-session renews with no visible break', async ({
    isolatedServer,
    signIn,
  }) => {
    const ttlS = 5;
    const server = await isolatedServer({ env: { TOKEN_TTL_S: String(ttlS) } });
    const ava = await signIn('ava', { server, path: '/bookings' });
    const rita = await signIn('rita', { server, path: '/desk' });
    const mark = await markNoReload(ava.page);
    let tokenRequests = 0;
    ava.page.on('request', (req) => {
      if (req.url().endsWith('/api/ably/token')) tokenRequests += 1;
    });

    // Wait for two renewals (each within a TTL of the last), watching the indicator.
    await expect
      .poll(() => tokenRequests, { timeout: ttlS * 1000 * 3 + 10_000, intervals: [250] })
      .toBeGreaterThanOrEqual(2);
    await expectConnected(ava.page);

    // Still live after renewing: the desk approves and Ava's badge flips in place.
    await patchBooking(rita.api, 'bk_seed_6', { action: 'approve' });
    await expect(bookingCard(ava.page, 'bk_seed_6')).toHaveAttribute('data-status', 'confirmed');
    await mark.assert();

    // "No visible break": never failed or suspended, every blip (the broker's 40142 at expiry,
    // as Ably's) came back to connected, and no paused banner is left. How long a blip
    // takes is the machine's business, not a condition of this test (the bench measures time).
    const states = await connectionStates(ava.page);
    const firstConnected = states.findIndex((s) => s.state === 'connected');
    const after = states.slice(firstConnected);
    expect(after.map((s) => s.state)).not.toContain('failed');
    expect(after.map((s) => s.state)).not.toContain('suspended');
    for (let i = 1; i < after.length; i++) {
      if (after[i - 1]!.state !== 'connected') continue;
      const back = after.slice(i).find((s) => s.state === 'connected');
      expect(back, `left "connected" at ${after[i]!.at} and never came back`).toBeTruthy();
    }
    await expect(ava.page.getByText(PAUSED)).toBeHidden();
  });
});
