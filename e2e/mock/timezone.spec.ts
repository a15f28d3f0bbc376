import { expect, test } from '@playwright/test';
import {
  addDays,
  DEMO_PASSWORD,
  gridTimes,
  localDate,
  localMinutes,
  toMinutes,
} from '../../contract';

// Mock mode keeps the branch's clock too (e2e/live/timezone.spec.ts holds the API and the SPA
// to the same expectations): with the browser in Asia/Tokyo and the branch in
// Pacific/Pago_Pago, the in-browser API and the pages agree on the branch's today, its free
// times and what is past.

const BRANCH_ZONE = 'Pacific/Pago_Pago';
const BROWSER_ZONE = 'Asia/Tokyo';

function expectedToday(now: Date): string[] {
  const minutes = localMinutes(now, BRANCH_ZONE);
  return gridTimes('09:00', '18:00').filter(
    (t) => toMinutes(t) > minutes && toMinutes(t) + 30 <= 18 * 60,
  );
}

test('mock mode: the branch’s today, free times and past, whatever the browser’s zone', async ({
  browser,
}, testInfo) => {
  const base = process.env.MOCK_BASE_URL ?? testInfo.project.use.baseURL ?? 'http://127.0.0.1:4173';
  const context = await browser.newContext({ baseURL: base, timezoneId: BROWSER_ZONE });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill('olivia@glowdesk.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).not.toHaveURL(/\/login(\?|$)/);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', {
      timeout: 20_000,
    });
    const call = (method: string, path: string, body?: unknown) =>
      page.evaluate(
        async ([m, p, b]) => {
          const res = await fetch(p as string, {
            method: m as string,
            headers: { 'content-type': 'application/json' },
            ...(b === undefined ? {} : { body: JSON.stringify(b) }),
          });
          return { status: res.status, body: await res.json() };
        },
        [method, path, body] as const,
      );
    const set = await call('PATCH', '/api/branch', { timeZone: BRANCH_ZONE });
    expect(set.status).toBe(200);

    const before = new Date();
    const today = localDate(before, BRANCH_ZONE);
    const free = async (date: string) =>
      (
        (await call('GET', `/api/availability?date=${date}&serviceIds=sv_cut`)).body as {
          time: string;
        }[]
      ).map((t) => t.time);
    expect([expectedToday(before), expectedToday(new Date())]).toContainEqual(await free(today));
    expect(await free(addDays(today, -1))).toEqual([]);
    const past = await call('POST', '/api/bookings', {
      serviceIds: ['sv_cut'],
      date: addDays(today, -1),
      time: '12:00',
      customerId: 'u_ava',
    });
    expect(past.status).toBe(400);

    // A page loaded after the change shows the branch's day, not Tokyo's.
    await page.waitForLoadState('networkidle');
    await page.goto('/desk/schedule');
    await expect(page.getByLabel('Date', { exact: true })).toHaveValue(today);
  } finally {
    await context.close();
  }
});
