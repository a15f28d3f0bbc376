import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

// Which Chromium to drive, and how. Playwright cannot download browsers on our machines, so
// Debian's builds stand in when Playwright's own are not installed. Used by
// playwright.config.ts, the bundle benchmark and the broker's browser check.

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/**
 * Debian's `chromium-headless-shell`: the same Chromium release built for headless use only,
 * which is what Playwright itself runs for headless tests. A signed-in page load to
 * "connected" costs about a third of the full browser's CPU here (ADR 0050), so headless runs
 * take it when it is installed; headed runs (`--headed`, `--debug`, `--ui`) need the full one.
 */
export const SYSTEM_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/** Flags for a headless Chromium as root on a closed network (no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const playwrightHasChromium = (): boolean => {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
};

/**
 * `undefined`: Playwright's own build (it picks its headless shell itself); a path: Debian's
 * headless shell for a headless run when installed, else Debian's full Chromium; `null`: no
 * Chromium here.
 */
export function chromiumExecutable({ headed = false } = {}): string | undefined | null {
  if (playwrightHasChromium()) return undefined;
  if (!headed && existsSync(SYSTEM_HEADLESS_SHELL)) return SYSTEM_HEADLESS_SHELL;
  return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : null;
}

/** Headless launch options for the Chromium found here; throws with the install hint when there is none. */
export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  const executablePath = chromiumExecutable();
  if (executablePath === null) {
    throw new Error(
      'no Chromium here: `apt-get install -y chromium` (or `npx playwright install chromium`)',
    );
  }
  return { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS, ...extraArgs] };
}
