import { expect, test } from '../fixtures';
import { createBooking, firstFreeTime, patchBooking } from '../support/api';
import { day } from '../support/days';
import { markNoReload } from '../support/live';

// Notes on a booking appear live for the desk and the assigned stylist (`booking:{id}`
// note.added, docs/architecture.md §5).

test('notes appear live on the booking detail for desk and staff, both ways', async ({
  ava,
  signIn,
}) => {
  const date = day('notes');
  const time = await firstFreeTime(ava.api, { date, serviceId: 'sv_colour', staffId: 'st_mia' });
  const booking = await createBooking(ava.api, {
    serviceId: 'sv_colour',
    date,
    time,
    staffId: 'st_mia',
  });
  const rita = await signIn('rita', { path: `/desk/bookings/${booking.id}` });
  await patchBooking(rita.api, booking.id, { action: 'approve' });
  const mia = await signIn('mia', { path: `/staff/bookings/${booking.id}` });
  const notesOf = (page: typeof rita.page) => page.getByRole('region', { name: 'Notes' });
  await expect(notesOf(rita.page)).toBeVisible();
  await expect(notesOf(mia.page)).toBeVisible();
  const marks = await Promise.all([rita.page, mia.page].map(markNoReload));

  const fromDesk = `Patch test done, all clear (${test.info().testId})`;
  await notesOf(rita.page).getByLabel('Add a note').fill(fromDesk);
  await notesOf(rita.page).getByRole('button', { name: 'Add note' }).click();
  await expect(notesOf(rita.page).getByText(fromDesk)).toBeVisible();
  await expect(notesOf(mia.page).getByText(fromDesk)).toBeVisible();

  const fromStaff = `Will need an extra 10 minutes (${test.info().testId})`;
  await notesOf(mia.page).getByLabel('Add a note').fill(fromStaff);
  await notesOf(mia.page).getByRole('button', { name: 'Add note' }).click();
  await expect(notesOf(rita.page).getByText(fromStaff)).toBeVisible();
  // Each note shows once on each page (the live event and the author's own answer merge).
  await expect(notesOf(mia.page).getByText(fromStaff)).toHaveCount(1);
  await expect(notesOf(rita.page).getByText(fromDesk)).toHaveCount(1);
  for (const m of marks) await m.assert();
});
