// Where mock mode keeps things: localStorage (shared by every tab of the origin) for the data,
// sessionStorage (one tab) for who is signed in. Node/jsdom without them get memory storage.

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

function usable(pick: () => Storage | undefined): KeyValueStorage | null {
  try {
    const storage = pick();
    if (!storage) return null;
    const probe = '__glowdesk_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null; // unavailable (Node) or blocked (privacy mode)
  }
}

let shared: KeyValueStorage | null = null;
let perTab: KeyValueStorage | null = null;

/** Data storage shared by all tabs of the origin. */
export function sharedStorage(): KeyValueStorage {
  shared ??= usable(() => globalThis.localStorage) ?? new MemoryStorage();
  return shared;
}

/** Storage private to this tab: the signed-in user. */
export function tabStorage(): KeyValueStorage {
  perTab ??= usable(() => globalThis.sessionStorage) ?? new MemoryStorage();
  return perTab;
}

/** Tests: swap the backing storages (e.g. two "tabs" over one shared storage). */
export function useStorages(next: { shared?: KeyValueStorage; tab?: KeyValueStorage }): void {
  if (next.shared) shared = next.shared;
  if (next.tab) perTab = next.tab;
}
