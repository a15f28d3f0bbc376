import { setupServer } from 'msw/node';
import { handlers } from './handlers';

/**
 * The same handlers for Vitest (jsdom or node). The store falls back to memory storage there.
 *
 *   beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 *   afterEach(() => { server.resetHandlers(); resetMockState(); });
 *   afterAll(() => server.close());
 */
export const server = setupServer(...handlers);

export { handlers } from './handlers';
export { resetMockState, signInAs } from './testing';
