import { addDays, gridTimes, localDate, localMinutes, toMinutes } from '../../contract';
import { expect, signInThroughForm, test } from '../fixtures';

// Whose "today" is it? The branch's (docs/architecture.md §6). A server running under
// TZ=Pacific/Kiritimati (UTC+14), a branch in Pacific/Pago_Pago (UTC−11) and a browser in a
// third zone (Europe/Berlin) must all agree on the branch's today, its free times and what is
// past. e2e/mock/timezone.spec.ts holds mock mode to the same expectations.

const BRANCH_ZONE = 'Pacific/Pago_Pago';
const SERVER_ZONE = 'Pacific/Kiritimati';
const BROWSER_ZONE = 'Europe/Berlin';

/** What the branch offers for a 30-minute service today with any stylist: every start after now. */
function expectedToday(now: Date): string[] {
  const minutes = localMinutes(now, BRANCH_ZONE);
  return gridTimes('09:00', '18:00').filter(
    (t) => toMinutes(t) > minutes && toMinutes(t) + 30 <= 18 * 60,
  );
}

const longDay = (date: string) =>
  new Intl.DateTimeFormat('en-IE', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));

test('server, browser and branch in three zones agree on the branch’s today, free times and the past', async ({
  isolatedServer,
  browser,
}) => {
  test.setTimeout(120_000);
  const server = await isolatedServer({ env: { TZ: SERVER_ZONE } });
  const context = await browser.newContext({ baseURL: server.baseURL, timezoneId: BROWSER_ZONE });
  try {
    const page = await context.newPage();
    // The browser really is in its own zone.
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
      BROWSER_ZONE,
    );
    await signInThroughForm(page, 'olivia@glowdesk.test');
    const api = context.request;

    // A new install's branch starts in the server's zone; the owner moves it.
    expect((await (await api.get('/api/branch')).json()).timeZone).toBe(SERVER_ZONE);
    const patched = await api.patch('/api/branch', { data: { timeZone: BRANCH_ZONE } });
    expect(patched.status(), await patched.text()).toBe(200);

    const before = new Date();
    const today = localDate(before, BRANCH_ZONE);
    const serverToday = localDate(before, SERVER_ZONE);
    expect(serverToday > today).toBe(true); // the server's calendar is a day (or two) ahead

    // API: today's free times start after the branch's now; its yesterday is all past; the
    // server's own "today" is the branch's future, bookable from opening.
    const free = async (date: string) =>
      (
        (await (await api.get(`/api/availability?date=${date}&serviceIds=sv_cut`)).json()) as {
          time: string;
        }[]
      ).map((t) => t.time);
    const todays = await free(today);
    expect([expectedToday(before), expectedToday(new Date())]).toContainEqual(todays);
    expect(await free(addDays(today, -1))).toEqual([]);
    expect((await free(serverToday))[0]).toBe('09:00');
    const past = await api.post('/api/bookings', {
      data: {
        serviceIds: ['sv_cut'],
        date: addDays(today, -1),
        time: '12:00',
        customerId: 'u_ava',
      },
    });
    expect(past.status()).toBe(400);
    expect(await past.text()).toContain('in the past');
    // The server's today at 09:00 is fine for the branch (it is tomorrow there).
    const ahead = await api.post('/api/bookings', {
      data: { serviceIds: ['sv_blowdry'], date: serverToday, time: '09:00', customerId: 'u_ben' },
    });
    expect(ahead.status(), await ahead.text()).toBe(201);

    // SPA (browser in Berlin): the desk's "today", the schedule's default day and the free
    // times it offers are the branch's.
    await page.goto('/desk');
    await expect(page.getByRole('heading', { name: /^Today · / })).toHaveText(
      `Today · ${longDay(today)}`,
    );
    await page.goto('/desk/schedule');
    await expect(page.getByLabel('Date', { exact: true })).toHaveValue(today);
    await page.goto('/desk/bookings/new');
    const form = page.getByRole('form', { name: 'New booking' });
    await expect(form.getByLabel('Date', { exact: true })).toHaveValue(today);
    await form.getByRole('radio', { name: /^Haircut\b/ }).check();
    const offered = form.locator('.slot-grid input[type="radio"]');
    if (todays.length > 0) {
      await expect(offered.first()).toHaveAttribute('value', todays[0]!);
      await expect(offered).toHaveCount(todays.length);
    } else {
      await expect(form.getByText('No free times that day.')).toBeVisible();
    }
  } finally {
    await context.close();
  }
});
