import { expect, test } from '../fixtures';
import { dayFromToday } from '../support/api';
import { markNoReload, scheduleSlot } from '../support/live';

// Leave (docs/architecture.md §6): a stylist asks for time off, a manager decides, and the stylist's page and
// the desk's schedule follow live (`admin:leave`, `staff:{id}:schedule`, `admin:schedule`).

test('leave: staff requests, manager approves, staff and schedule update live', async ({
  mia,
  max,
  rita,
}) => {
  // A far day that no booking spec uses; random so a reused dev server never sees a clash.
  const date = dayFromToday(40 + Math.floor(Math.random() * 300));
  const reason = `Family wedding ${test.info().testId}-${Date.now()}`;
  await max.page.goto('/desk/leave');
  await rita.page.goto(`/desk/schedule?date=${date}`);
  await expect(scheduleSlot(rita.page, mia.user.staffId!, '10:00')).toHaveAttribute(
    'data-state',
    'free',
  );
  const marks = await Promise.all([max.page, rita.page].map(markNoReload));

  // Mia asks through her leave form.
  await mia.page.goto('/staff/leave');
  const form = mia.page.getByRole('form', { name: 'Request leave' });
  await form.getByLabel('From').fill(date);
  await form.getByLabel('To').fill(date);
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Send request' }).click();
  const miaRow = mia.page.getByRole('listitem').filter({ hasText: reason });
  await expect(miaRow).toContainText('Waiting for a decision');
  const miaMark = await markNoReload(mia.page);

  // Max sees it arrive and approves.
  const maxRow = max.page.getByRole('listitem').filter({ hasText: reason });
  await expect(maxRow).toContainText('Mia');
  await maxRow.getByRole('button', { name: 'Approve' }).click();
  await expect(max.page.getByRole('listitem').filter({ hasText: reason })).toContainText(
    'Approved',
  );

  // Mia's request flips in place; the desk's grid marks her day off.
  await expect(miaRow).toContainText('Approved');
  for (const time of ['09:00', '10:00', '17:30']) {
    await expect(scheduleSlot(rita.page, mia.user.staffId!, time)).toHaveAttribute(
      'data-state',
      'off',
    );
  }
  await expect(scheduleSlot(rita.page, 'st_leo', '10:00')).toHaveAttribute('data-state', 'free');
  for (const m of [...marks, miaMark]) await m.assert();
});
