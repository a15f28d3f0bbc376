import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, defineConfig, devices, firefox, webkit } from '@playwright/test';
import type { E2EOptions } from './e2e/fixtures';
import { CHROMIUM_ARGS, chromiumExecutable, SYSTEM_CHROMIUM } from './e2e/support/chromium';

// End-to-end suites (docs/decisions/0050-e2e-strategy.md).
//
//   live projects (chromium, firefox, webkit) run e2e/live/** against the real app: one shared
//   server started below (fresh DATA_DIR, built SPA, embedded broker); specs that need their own
//   server (faults, REALTIME=off, short token TTL) start one through the `isolatedServer` fixture.
//   mock project runs e2e/mock/** against the static mock-mode bundle (no API, no broker).
//
// Playwright cannot download browsers here: chromium falls back to Debian's /usr/bin/chromium;
// firefox and webkit run where they are installed and otherwise skip with the reason.

const PORT = Number(process.env.E2E_PORT ?? 18080);
const REALTIME_PORT = Number(process.env.E2E_REALTIME_PORT ?? PORT + 1);
const MOCK_PORT = Number(process.env.E2E_MOCK_PORT ?? PORT + 10);
const CI = !!process.env.CI;

const installed = (executablePath: () => string) => {
  try {
    return existsSync(executablePath());
  } catch {
    return false;
  }
};
// Playwright's own Chromium, else Debian's: its headless shell unless a window is wanted
// (e2e/support/chromium.ts).
const headed =
  process.argv.some((a) => ['--headed', '--debug', '--ui'].includes(a)) || !!process.env.PWDEBUG;
const chromiumPath = chromiumExecutable({ headed });
if (chromiumPath === SYSTEM_CHROMIUM && !headed && !process.env.TEST_WORKER_INDEX) {
  console.log(
    'e2e: driving the full /usr/bin/chromium; `apt-get install -y chromium-headless-shell` ' +
      'runs the headless suites on a third of its CPU',
  );
}
const chromiumLaunch = {
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: [
    ...CHROMIUM_ARGS,
    // Several signed-in users act at once, each in its own context; none may be throttled.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
  ],
};
const missing = (name: string, executablePath: () => string): string | null =>
  installed(executablePath)
    ? null
    : `${name} is not installed on this machine (Playwright cannot download browsers here; ` +
      `run \`npx playwright install ${name}\` where the network allows)`;

// Start only the servers the selected projects need (`--project=chromium` skips the mock build).
const selected = (() => {
  const names: string[] = [];
  const argv = process.argv;
  argv.forEach((arg, i) => {
    if (arg === '--project' && argv[i + 1]) names.push(argv[i + 1]!);
    else if (arg.startsWith('--project=')) names.push(arg.slice('--project='.length));
  });
  return names;
})();
const wants = (project: string) =>
  selected.length === 0 || selected.some((p) => p === project || p.includes('*'));
const wantsLive = wants('chromium') || wants('firefox') || wants('webkit');

const liveURL = `http://127.0.0.1:${PORT}`;
const mockURL = `http://127.0.0.1:${MOCK_PORT}`;

// Sessions signed in once for the whole run (e2e/support/globalSetup.ts), read by the fixtures.
process.env.E2E_AUTH_DIR ??= path.join(tmpdir(), `glowdesk-e2e-auth-${PORT}`);

export default defineConfig<E2EOptions>({
  testDir: './e2e',
  outputDir: './test-results',
  // Specs on the shared server book on days of their own (e2e/support/days.ts) and the others
  // run private servers, so every test may run beside any other, even one of its own file.
  fullyParallel: true,
  forbidOnly: true,
  retries: CI ? 1 : 0,
  // 2 cores, shared: most of a live test's time is spent waiting (timers, sockets, the SDK's
  // retry delays), so four workers keep the CPU busy without starving the server and broker.
  workers: Number(process.env.E2E_WORKERS ?? 4),
  ...(wantsLive ? { globalSetup: './e2e/support/globalSetup.ts' } : {}),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['./e2e/support/skipReporter.ts'],
    ...(CI ? [['html', { open: 'never' }] as ['html', { open: 'never' }]] : []),
  ],
  use: {
    // Recording a trace (DOM snapshots, a screencast) on every test took a third of the
    // run's CPU; CI retries a failed test once with a trace, and `--trace=on` records one
    // locally.
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    testIdAttribute: 'data-testid',
  },
  projects: [
    {
      name: 'chromium',
      testMatch: 'live/**/*.spec.ts',
      use: {
        ...devices['Desktop Chrome'],
        baseURL: liveURL,
        launchOptions: chromiumLaunch,
        browserMissing:
          chromiumPath === null ? missing('chromium', () => chromium.executablePath()) : null,
      },
    },
    {
      name: 'firefox',
      testMatch: 'live/**/*.spec.ts',
      use: {
        ...devices['Desktop Firefox'],
        baseURL: liveURL,
        browserMissing: missing('firefox', () => firefox.executablePath()),
      },
    },
    {
      name: 'webkit',
      testMatch: 'live/**/*.spec.ts',
      use: {
        ...devices['Desktop Safari'],
        baseURL: liveURL,
        browserMissing: missing('webkit', () => webkit.executablePath()),
      },
    },
    {
      name: 'mock',
      testMatch: 'mock/**/*.{spec,test}.ts',
      use: {
        ...devices['Desktop Chrome'],
        baseURL: mockURL,
        launchOptions: chromiumLaunch,
        browserMissing: null,
      },
    },
  ],
  webServer: [
    ...(wantsLive
      ? [
          {
            name: 'app',
            command: 'node_modules/.bin/tsx e2e/support/webServer.ts',
            url: `${liveURL}/api/health`,
            env: {
              PORT: String(PORT),
              REALTIME_PORT: String(REALTIME_PORT),
              REALTIME: 'local',
              SEED_DEMO: 'true',
            },
            reuseExistingServer: !CI,
            timeout: 240_000,
            stdout: 'ignore' as const,
            stderr: 'pipe' as const,
            gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
          },
        ]
      : []),
    ...(wants('mock')
      ? [
          {
            name: 'mock',
            command: `npm run build:mock --silent && npx vite preview --mode mock --outDir ../dist/mock --host 127.0.0.1 --port ${MOCK_PORT} --strictPort`,
            url: mockURL,
            reuseExistingServer: !CI,
            timeout: 240_000,
            stdout: 'ignore' as const,
            stderr: 'pipe' as const,
          },
        ]
      : []),
  ],
});
