import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../contract/demoData';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { type Child, spawnChild } from './lib/child';
import { round } from './lib/stats';

// JavaScript a browser really loads, gzip-compressed: `npm run build`, then headless Chromium
// opens `/login` signed out, and `/bookings` signed in as a customer (until the list is up
// and realtime is connected). Every script response is counted, lazy chunks included.

/** Sums gzip sizes of the scripts loaded while `visit` runs in a fresh page. */
async function scriptKb(browser: Browser, visit: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: Promise<number>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script' && res.ok()) {
      bodies.push(res.body().then((b) => gzipSync(b).length));
    }
  });
  // `visit` waits for what the user sees (route chunks load before their page renders);
  // networkidle never comes for a page that keeps polling or a socket open.
  await visit(page);
  await page.waitForLoadState('load');
  const bytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  await context.close();
  return { kb: bytes / 1024, files: bodies.length };
}

export async function benchBundle(log: (s: string) => void) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('`npm run build` failed');
  let app: Child | undefined;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    app = spawnChild('app-server.ts', { timeoutMs: 180_000, env: { BENCH_STATIC: '1' } });
    const { url } = await app.next<{ url: string }>('ready', 60_000);
    const login = await scriptKb(browser, async (page) => {
      await page.goto(`${url}/login`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });
    const signedIn = await scriptKb(browser, async (page) => {
      const res = await page.request.post(`${url}/api/auth/login`, {
        data: { email: 'ava@glowdesk.test', password: DEMO_PASSWORD },
      });
      if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
      await page.goto(`${url}/bookings`);
      await page.getByTestId('booking-card').first().waitFor();
      await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
    });
    log(
      `  bundle: /login ${round(login.kb, 1)} KB gzip in ${login.files} scripts, ` +
        `/bookings ${round(signedIn.kb, 1)} KB gzip in ${signedIn.files} scripts`,
    );
    return { js_gz_kb_login: round(login.kb, 1), js_gz_kb_app: round(signedIn.kb, 1) };
  } finally {
    await browser.close();
    await app?.stop();
  }
}
