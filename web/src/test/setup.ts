import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

// `findBy…`/`waitFor` wait for a condition; their 1 s default is a guess about the machine
// that a busy 2-core CI box (browsers, servers and two databases side by side) can miss.
configure({ asyncUtilTimeout: 5000 });

// The SPA calls its API with same-origin paths (`/api/...`). Node's fetch needs absolute URLs,
// so tests resolve them against the jsdom page's origin (http://localhost:3000).
const nativeFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
  nativeFetch(
    typeof input === 'string' && input.startsWith('/') ? new URL(input, location.origin) : input,
    init,
  )) as typeof fetch;

// jsdom gives the page its own ArrayBuffer/Uint8Array while Node's TextEncoder returns bytes of
// Node's realm; the `ably` browser build checks `instanceof ArrayBuffer`. Encode into this realm.
const NodeTextEncoder = globalThis.TextEncoder;
globalThis.TextEncoder = class extends NodeTextEncoder {
  override encode(input?: string): Uint8Array<ArrayBuffer> {
    return new Uint8Array(super.encode(input)) as Uint8Array<ArrayBuffer>;
  }
} as typeof TextEncoder;
