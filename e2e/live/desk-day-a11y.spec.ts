import { expect, test } from '../fixtures';
import { dayFromToday } from '../support/api';
import { audit } from '../support/axe';

// The salon-day screens (new booking, branch settings, leave with its clashes, the schedule's
// blocks) in the state a person uses them: axe finds no serious or critical violation.

// One test per screen, so the screens share the workers instead of one test walking them all.
test.describe('salon-day screens are axe-clean', () => {
  test('desk: new booking with two services and a new customer', async ({ signIn }) => {
    const { page } = await signIn('olivia');
    await page.goto('/desk/bookings/new');
    const form = page.getByRole('form', { name: 'New booking' });
    await form.getByRole('button', { name: 'New customer' }).click();
    await form.getByRole('radio', { name: /^Haircut\b/ }).check();
    await form.getByRole('checkbox', { name: /Blow-dry/ }).check();
    await expect(form.getByRole('region', { name: 'Summary' })).toBeVisible();
    await audit(page, '/desk/bookings/new');
  });

  test('owner: branch settings', async ({ signIn }) => {
    const { page } = await signIn('olivia', { path: '/desk/settings' });
    await audit(page, '/desk/settings');
  });

  test('desk: leave with the bookings it would strand', async ({ signIn }) => {
    const olivia = await signIn('olivia');
    // A pending leave of Zoe's with one booking it would strand.
    const date = dayFromToday(86 + Math.floor(Math.random() * 4));
    const booked = await olivia.api.post('/api/bookings', {
      data: {
        serviceIds: ['sv_cut'],
        date,
        time: '12:00',
        staffId: 'st_zoe',
        customerId: 'u_ben',
      },
    });
    const zoe = await signIn('zoe');
    await zoe.api.post('/api/leave', {
      data: { from: date, to: date, reason: `a11y ${Date.now()}` },
    });
    await olivia.page.goto('/desk/leave');
    if (booked.ok()) await expect(olivia.page.getByTestId('leave-impact').first()).toBeVisible();
    await audit(olivia.page, '/desk/leave (with clashes)');
  });

  test('desk: the schedule with its blocks', async ({ signIn }) => {
    const { page } = await signIn('olivia', { path: '/desk/schedule' });
    await audit(page, '/desk/schedule');
  });

  test('customer: new booking with its summary', async ({ ava }) => {
    await ava.page.goto('/bookings/new');
    await ava.page.getByRole('radio', { name: /^Cut & style\b/ }).check();
    await expect(ava.page.getByRole('region', { name: 'Summary' })).toBeVisible();
    await audit(ava.page, '/bookings/new (summary)');
  });
});

test('on a phone the schedule keeps its time column while the stylists scroll sideways', async ({
  signIn,
}) => {
  const rita = await signIn('rita', { path: '/desk/schedule' });
  const page = rita.page;
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(page.getByText('Swipe sideways for more stylists')).toBeVisible();
  const grid = page.getByRole('region', { name: 'Schedule grid' });
  const overflow = await grid.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeGreaterThan(0);
  const timeCell = page.getByRole('rowheader').first();
  const before = (await timeCell.boundingBox())!.x;
  await grid.evaluate((el) => el.scrollBy({ left: 200 }));
  await expect.poll(async () => (await timeCell.boundingBox())!.x).toBeCloseTo(before, 0);
  // Stylist columns are equal.
  const widths = await page
    .locator('.schedule thead th:not(.time-col)')
    .evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
  expect(new Set(widths).size).toBe(1);
  await audit(page, '/desk/schedule (phone)');
});
