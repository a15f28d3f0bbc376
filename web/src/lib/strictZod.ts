import { config } from 'zod';

// Pages run under `script-src 'self'` (helmet's CSP): zod must not probe for `new Function`,
// which browsers report as a CSP violation on every load. Imported by every module that
// parses with zod in the SPA, before it parses anything.
config({ jitless: true });
