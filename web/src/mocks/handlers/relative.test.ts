import { afterAll, beforeAll, expect, it } from 'vitest';
import { server } from '../node';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('answers the SPA’s relative fetches in jsdom', async () => {
  const res = await fetch('/api/config');
  expect(await res.json()).toEqual({ realtime: { mode: 'mock', port: 8089 } });
});
