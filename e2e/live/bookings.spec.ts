import { expect, test } from '../fixtures';
import { createBooking, firstFreeTime, patchBooking } from '../support/api';
import { day } from '../support/days';
import { bookingCard, markNoReload, scheduleSlot } from '../support/live';
import { acceptNextDialog, bookThroughForm, rescheduleThroughDetail } from '../support/ui';

// Booking lifecycle across customer, desk and staff (docs/architecture.md §5 fan-out table): whatever one
// of them does, the others' open pages show it in place, without a reload.

const schedulePath = (date: string) => `/desk/schedule?date=${date}`;
const staffDayPath = (_date: string) => '/staff'; // the stylist's day lists today and what is coming up

test.describe('booking lifecycle', () => {
  test('create → desk queue and schedule; approve → badge flips, staff day gains it, slot blocks', async ({
    ava,
    signIn,
  }) => {
    const date = day('lifecycle');
    const rita = await signIn('rita', { path: '/desk' });
    const max = await signIn('max', { path: schedulePath(date) });
    const mia = await signIn('mia', { path: staffDayPath(date) });
    const time = await firstFreeTime(ava.api, { date, serviceId: 'sv_cut', staffId: 'st_mia' });
    await expect(scheduleSlot(max.page, 'st_mia', time)).toHaveAttribute('data-state', 'free');
    const watching = await Promise.all([rita, max, mia].map((a) => markNoReload(a.page)));

    // Ava books through the form.
    const id = await bookThroughForm(ava.page, {
      service: 'Haircut',
      date,
      staffName: 'Mia',
      time,
    });
    await expect(bookingCard(ava.page, id)).toHaveAttribute('data-status', 'pending');
    await expect(ava.page.getByTestId('request-sent')).toContainText('Request sent');
    const avaMark = await markNoReload(ava.page);

    // The desk sees it arrive in the pending queue and block the slot on the grid.
    await expect(bookingCard(rita.page, id)).toHaveAttribute('data-status', 'pending');
    await expect(scheduleSlot(max.page, 'st_mia', time)).toHaveAttribute('data-state', 'booked');
    for (const w of watching) await w.assert();

    // Rita approves from the booking's detail page.
    await bookingCard(rita.page, id).getByRole('link').first().click();
    await expect(rita.page).toHaveURL(new RegExp(`/desk/bookings/${id}$`));
    // The detail page is a lazy chunk: act once it is the page on screen, not the queue.
    const detail = rita.page.getByRole('region', { name: /Haircut/ });
    await detail.getByRole('button', { name: 'Approve' }).click();
    await expect(bookingCard(rita.page, id)).toHaveAttribute('data-status', 'confirmed');

    await expect(bookingCard(ava.page, id)).toHaveAttribute('data-status', 'confirmed');
    await expect(bookingCard(mia.page, id)).toBeVisible();
    await expect(scheduleSlot(max.page, 'st_mia', time)).toHaveAttribute('data-state', 'booked');
    await avaMark.assert();
    await watching[1]!.assert();
    await watching[2]!.assert();
  });

  test('reschedule moves the block on the grid; cancel releases it', async ({ ava, signIn }) => {
    const date = day('lifecycleReschedule');
    const t1 = await firstFreeTime(ava.api, { date, serviceId: 'sv_cut', staffId: 'st_mia' });
    const booking = await createBooking(ava.api, {
      serviceId: 'sv_cut',
      date,
      time: t1,
      staffId: 'st_mia',
    });
    const rita = await signIn('rita', { path: `/desk/bookings/${booking.id}` });
    await patchBooking(rita.api, booking.id, { action: 'approve' });
    const t2 = await firstFreeTime(ava.api, {
      date,
      serviceId: 'sv_cut',
      staffId: 'st_mia',
      notBefore: '15:00',
    });
    const max = await signIn('max', { path: schedulePath(date) });
    const mia = await signIn('mia', { path: staffDayPath(date) });
    await expect(scheduleSlot(max.page, 'st_mia', t1)).toHaveAttribute('data-state', 'booked');
    await expect(scheduleSlot(max.page, 'st_mia', t2)).toHaveAttribute('data-state', 'free');
    await expect(bookingCard(rita.page, booking.id)).toHaveAttribute('data-status', 'confirmed');
    const marks = await Promise.all([rita, max, mia].map((a) => markNoReload(a.page)));

    // Ava moves it from her booking page.
    await ava.page.goto(`/bookings/${booking.id}`);
    await rescheduleThroughDetail(ava.page, { time: t2 });
    await expect(bookingCard(ava.page, booking.id)).toContainText(t2);

    await expect(scheduleSlot(max.page, 'st_mia', t1)).toHaveAttribute('data-state', 'free');
    await expect(scheduleSlot(max.page, 'st_mia', t2)).toHaveAttribute('data-state', 'booked');
    await expect(bookingCard(rita.page, booking.id)).toContainText(t2);
    await expect(bookingCard(mia.page, booking.id)).toContainText(t2);

    // Ava cancels; the slot frees for the desk and the stylist loses the appointment.
    const avaMark = await markNoReload(ava.page);
    acceptNextDialog(ava.page);
    await ava.page.getByRole('button', { name: 'Cancel booking' }).click();
    await expect(bookingCard(ava.page, booking.id)).toHaveAttribute('data-status', 'cancelled');
    await expect(bookingCard(rita.page, booking.id)).toHaveAttribute('data-status', 'cancelled');
    await expect(scheduleSlot(max.page, 'st_mia', t2)).toHaveAttribute('data-state', 'free');
    await expect(bookingCard(mia.page, booking.id)).toHaveCount(0);
    for (const m of [...marks, avaMark]) await m.assert();
  });

  test('decline: the customer sees it, the queue drops it, the slot frees', async ({
    ava,
    signIn,
  }) => {
    const date = day('declineAndCancel');
    const time = await firstFreeTime(ava.api, { date, serviceId: 'sv_style', staffId: 'st_leo' });
    const booking = await createBooking(ava.api, {
      serviceId: 'sv_style',
      date,
      time,
      staffId: 'st_leo',
    });
    await ava.page.goto('/bookings');
    await expect(bookingCard(ava.page, booking.id)).toHaveAttribute('data-status', 'pending');
    const max = await signIn('max', { path: '/desk' });
    await expect(bookingCard(max.page, booking.id)).toHaveAttribute('data-status', 'pending');
    const schedule = await max.context.newPage();
    await schedule.goto(schedulePath(date));
    await expect(scheduleSlot(schedule, 'st_leo', time)).toHaveAttribute('data-state', 'booked');
    const marks = await Promise.all([ava.page, max.page, schedule].map(markNoReload));

    const rita = await signIn('rita', { path: `/desk/bookings/${booking.id}` });
    await rita.page.getByRole('button', { name: 'Decline' }).click();
    await rita.page
      .getByLabel('Reason for the customer (optional)')
      .fill('Leo is fully booked that afternoon');
    await rita.page.getByRole('button', { name: 'Decline booking' }).click();
    await expect(bookingCard(rita.page, booking.id)).toHaveAttribute('data-status', 'declined');

    await expect(bookingCard(ava.page, booking.id)).toHaveAttribute('data-status', 'declined');
    await expect(bookingCard(ava.page, booking.id)).toContainText(
      'Reason: Leo is fully booked that afternoon',
    );
    await expect(bookingCard(max.page, booking.id)).toHaveCount(0);
    await expect(scheduleSlot(schedule, 'st_leo', time)).toHaveAttribute('data-state', 'free');
    for (const m of marks) await m.assert();
  });
});
