import { channels, demoActivity, demoServices, localDate, resources } from '../../contract';
import { expect, test } from '../fixtures';
import { createBooking, createTicket, firstFreeTime } from '../support/api';
import { day } from '../support/days';
import { bookingCard, queueTicket } from '../support/live';
import { attachError, recordFrames, sdkClientFor, tokenFor } from '../support/wire';

// Isolation (docs/architecture.md §4): a customer sees only their own bookings and tickets — in the UI,
// through the API, and on the realtime wire, where the broker refuses what the token lacks.

const cut = demoServices.find((s) => s.id === 'sv_cut')!;
/** Ava's seeded bookings (the demo data the server seeds). */
const avaSeedBookings = demoActivity(localDate(), new Date().toISOString())
  .bookings.filter((b) => b.customerId === 'u_ava')
  .map((b) => b.id);
const subject = 'Private question from Ava';
const question = 'Only the desk should read this.';

test.describe('isolation between customers', () => {
  test("Ben never sees Ava's bookings or tickets, in the UI or on the wire", async ({
    ava,
    signIn,
  }) => {
    const ben = await signIn('ben', { path: '/bookings' });
    const benFrames = recordFrames(ben.page);
    // Ben's page reconnects fresh so every frame of its session is recorded.
    await ben.page.reload();
    await expect(ben.page.getByTestId('connection-status')).toHaveAttribute(
      'data-state',
      'connected',
    );

    // Ava acts: a booking and a ticket that Ben must not hear about.
    const date = day('isolation');
    const time = await firstFreeTime(ava.api, {
      date,
      serviceId: cut.id,
      staffId: 'st_leo',
    });
    const booking = await createBooking(ava.api, {
      serviceId: cut.id,
      date,
      time,
      staffId: 'st_leo',
    });
    const ticket = await createTicket(ava.api, { subject, message: question });
    // Ava's own page shows it live, so the fan-out has happened by now.
    await expect(bookingCard(ava.page, booking.id)).toBeVisible();

    // UI: Ben's list has his bookings only.
    await expect(ben.page.getByTestId('booking-card').first()).toBeVisible();
    for (const id of [booking.id, ...avaSeedBookings]) {
      await expect(bookingCard(ben.page, id)).toHaveCount(0);
    }
    await ben.page.goto('/support');
    await expect(queueTicket(ben.page, ticket.id)).toHaveCount(0);
    await expect(ben.page.getByText(subject)).toHaveCount(0);

    // API: Ava's records are not Ben's to read.
    expect([403, 404]).toContain((await ben.api.get(`/api/bookings/${booking.id}`)).status());
    expect([403, 404]).toContain(
      (await ben.api.get(`/api/tickets/${ticket.id}/messages`)).status(),
    );
    const benBookings = (await (await ben.api.get('/api/bookings')).json()) as {
      customerId: string;
    }[];
    expect(benBookings.every((b) => b.customerId === ben.user.id)).toBe(true);

    // Wire: nothing Ben's browser received carries Ava's bookings, her words or her channels.
    const wire = benFrames.frames.join('\n');
    expect(benFrames.sockets.length, 'Ben has a realtime connection').toBeGreaterThan(0);
    for (const id of [booking.id, ...avaSeedBookings]) expect(wire).not.toContain(id);
    expect(wire).not.toContain(subject);
    expect(wire).not.toContain(question);
    expect(wire).not.toContain(resources.customerAll(ava.user.id).replace(/\*$/, ''));
    expect(wire).not.toContain(channels.sessionChat(ticket.id));
    expect(wire).not.toContain(channels.sessionPresence(ticket.id));
    // Her ticket's id does reach him, by design (docs/architecture.md §5): `queue:updates` goes to the desk
    // and to every customer, carrying ids only ({ticketId, action, timestamp}) so waiting
    // customers can follow their place. That is the only way it may travel.
    for (const frame of benFrames.frames.filter((f) => f.includes(ticket.id))) {
      const message = JSON.parse(frame) as {
        channel?: string;
        messages?: { name?: string; data?: unknown }[];
      };
      expect(message.channel, frame).toBe(channels.queueUpdates());
      for (const m of (message.messages ?? []).filter((x) =>
        JSON.stringify(x).includes(ticket.id),
      )) {
        expect(['queue:update', 'queue:claimed'], frame).toContain(m.name);
        const data = (typeof m.data === 'string' ? JSON.parse(m.data) : m.data) as object;
        expect(Object.keys(data).sort(), frame).toEqual(['action', 'ticketId', 'timestamp']);
      }
    }

    // Ben's token carries no right to Ava's channels …
    const token = await tokenFor(ben.api);
    expect(token.clientId).toBe(ben.user.id);
    const granted = Object.keys(token.capability);
    expect(granted).not.toContain(resources.customerAll(ava.user.id));
    expect(granted).not.toContain(resources.allBookings());
    expect(granted).not.toContain(resources.allSessions());

    // … and a forced attach with it is refused by the broker with 40160.
    const client = await sdkClientFor(ben.api, ben.baseURL);
    try {
      expect(await attachError(client, channels.customerBookings(ava.user.id))).toBe(40160);
      expect(await attachError(client, channels.booking(booking.id))).toBe(40160);
      expect(await attachError(client, channels.sessionChat(ticket.id))).toBe(40160);
      expect(await attachError(client, channels.adminBookings(ava.user.branchId))).toBe(40160);
      // His own channel works with the same client, so the refusals are about rights.
      expect(await attachError(client, channels.customerBookings(ben.user.id))).toBeNull();
    } finally {
      client.close();
    }
  });

  test("Ben's deep link to Ava's booking shows no details", async ({ signIn }) => {
    const ben = await signIn('ben');
    await ben.page.goto('/bookings/bk_seed_6');
    await expect(ben.page.getByRole('heading').first()).toBeVisible();
    await expect(bookingCard(ben.page, 'bk_seed_6')).toHaveCount(0);
    await expect(ben.page.getByText(/not found|no access|isn.t yours|can.t find/i)).toBeVisible();
  });
});
