import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

// Which Chromium to drive, and how. Playwright cannot download browsers on our machines, so
// Debian's /usr/bin/chromium stands in when Playwright's own is not installed. Used by
// playwright.config.ts, the bundle benchmark and the broker's browser check.

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

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

/** `undefined`: Playwright's own build; a path: Debian's; `null`: no Chromium here. */
export function chromiumExecutable(): string | undefined | null {
  if (playwrightHasChromium()) return undefined;
  return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : null;
}

/** Launch options for the Chromium found here; throws with the install hint when there is none. */
export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  const executablePath = chromiumExecutable();
  if (executablePath === null) {
    throw new Error(
      'no Chromium here: `apt-get install -y chromium` (or `npx playwright install chromium`)',
    );
  }
  return { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS, ...extraArgs] };
}
