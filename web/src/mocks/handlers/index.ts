import type { RequestHandler } from 'msw';

/** Every mocked HTTP route (DESIGN §7). Shared by the browser worker and by Vitest (node.ts). */
export const handlers: RequestHandler[] = [];
