import { expect, type Locator, type Page } from '@playwright/test';

// Assertions about "it arrived live": the page was not reloaded and did not navigate away,
// and the connection indicator says what the contract says (docs/architecture.md §10).

declare global {
  interface Window {
    __glowdeskMarker?: string;
    /** Every value `connection-status[data-state]` took, with when (recorded by an init script). */
    __glowdeskConnStates?: { state: string; at: number }[];
  }
}

/**
 * Records every `data-state` the connection indicator shows, from the first paint on.
 * Installed on each actor's context by the fixtures (survives in-app navigation, not reloads).
 */
export function connectionRecorderScript() {
  const log: { state: string; at: number }[] = [];
  window.__glowdeskConnStates = log;
  let last = '';
  const check = () => {
    const el = document.querySelector('[data-testid="connection-status"]');
    const state = el?.getAttribute('data-state') ?? '';
    if (state && state !== last) {
      last = state;
      log.push({ state, at: Date.now() });
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-state'],
  });
}

export interface NoReload {
  /** Asserts the document that was marked is still the one shown: no reload, no new load. */
  assert(): Promise<void>;
}

/**
 * Marks the page's current document before an action by someone else. After the change is
 * visible, `assert()` proves it arrived without a reload: a reload or full navigation would
 * drop `window.__glowdeskMarker` and fire `load`.
 */
export async function markNoReload(page: Page): Promise<NoReload> {
  const marker = `m${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => {
    window.__glowdeskMarker = m;
  }, marker);
  let loads = 0;
  const onLoad = () => {
    loads += 1;
  };
  page.on('load', onLoad);
  const url = page.url();
  return {
    async assert() {
      page.off('load', onLoad);
      expect(loads, 'the page loaded a new document').toBe(0);
      expect(await page.evaluate(() => window.__glowdeskMarker), 'page was reloaded').toBe(marker);
      expect(page.url(), 'page navigated').toBe(url);
    },
  };
}

export const connectionStatus = (page: Page): Locator => page.getByTestId('connection-status');

export async function expectConnected(page: Page, timeout = 20_000): Promise<void> {
  await expect(connectionStatus(page)).toHaveAttribute('data-state', 'connected', { timeout });
}

/** States the indicator showed since the page loaded (see connectionRecorderScript). */
export async function connectionStates(page: Page): Promise<{ state: string; at: number }[]> {
  return page.evaluate(() => window.__glowdeskConnStates ?? []);
}

// Locators for the testid contract (docs/architecture.md §10).
export const bookingCard = (scope: Page | Locator, bookingId: string): Locator =>
  scope.locator(`[data-testid="booking-card"][data-booking-id="${bookingId}"]`);
export const scheduleSlot = (scope: Page | Locator, staffId: string, time: string): Locator =>
  scope.locator(`[data-testid="schedule-slot"][data-staff-id="${staffId}"][data-time="${time}"]`);
export const queueTicket = (scope: Page | Locator, ticketId: string): Locator =>
  scope.locator(`[data-testid="queue-ticket"][data-ticket-id="${ticketId}"]`);
export const chatMessage = (scope: Page | Locator, messageId?: string): Locator =>
  scope.locator(
    messageId
      ? `[data-testid="chat-message"][data-message-id="${messageId}"]`
      : '[data-testid="chat-message"]',
  );
export const presenceMember = (scope: Page | Locator, userId: string): Locator =>
  scope.locator(`[data-testid="presence-member"][data-user-id="${userId}"]`);

/**
 * Simulates the user coming back to the tab: the window regains focus and the document reports
 * a visibility change, as a browser fires them (`visibilitychange` bubbles to `window`).
 */
export async function refocus(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}
