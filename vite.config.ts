import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One config for the SPA build (root: web/) and for Vitest, which runs two projects:
// node-side code (broker, contract, api, bench helpers) and the SPA's component tests.
// react-router's package exports only point at its development build (invariant messages and
// dev warnings kept); a production bundle takes the production build it also ships (ADR 0031).
const reactRouterDist = fileURLToPath(
  new URL('./node_modules/react-router/dist/production/', import.meta.url),
);

export default defineConfig(({ command, mode }) => ({
  root: 'web',
  plugins: [react()],
  resolve: {
    alias:
      command === 'build'
        ? [
            { find: /^react-router$/, replacement: `${reactRouterDist}index.mjs` },
            { find: /^react-router\/dom$/, replacement: `${reactRouterDist}dom-export.mjs` },
          ]
        : [],
  },
  define: {
    // Mock mode is a build-time switch so the production bundle never ships MSW.
    'import.meta.env.GLOWDESK_MOCK': JSON.stringify(mode === 'mock'),
  },
  server: { port: 5173 },
  build: {
    outDir: mode === 'mock' ? '../dist/mock' : '../dist/web',
    emptyOutDir: true,
    reportCompressedSize: true,
    // Every browser we support has modulepreload; the polyfill was ~0.4 KB on /login (ADR 0031).
    modulePreload: { polyfill: false },
  },
  test: {
    root: '.',
    // Vitest's default on 2 cores is one worker; most slow files wait (servers, sockets,
    // timers), so three keep both cores busy (VITEST_MAX_WORKERS overrides).
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 3),
    // The node-side projects run their files one after another in each worker's module graph
    // (isolate: false): re-importing the SDK, Express and the API for each of 54 files was a
    // quarter of Vitest's CPU. It is safe because no node-side test mocks a module, fakes
    // timers, stubs a global or changes process.env, and each closes what it opens. The SPA's
    // tests stay isolated: each file gets a fresh jsdom window and setup.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          root: '.',
          isolate: false,
          environment: 'node',
          include: ['broker/**/*.test.ts', 'contract/**/*.test.ts', 'api/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
          provide: { postgresUrl: '' },
        },
      },
      {
        // The API and domain suites again, on PostgreSQL (ADR 0101): a throwaway server.
        extends: true,
        test: {
          name: 'postgres',
          root: '.',
          isolate: false,
          environment: 'node',
          include: ['api/test/**/*.test.ts'],
          // Not about the database: configuration, start-up from DATA_DIR, the fault proxy.
          // multiProcess.test.ts starts PostgreSQL and API processes of its own.
          exclude: [
            'api/test/brokerSender.test.ts',
            'api/test/chain.test.ts',
            'api/test/config-publisher.test.ts',
            'api/test/runtime.test.ts',
            'api/test/faults.test.ts',
            'api/test/multiProcess.test.ts',
          ],
          globalSetup: ['api/test/postgresSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          root: '.',
          environment: 'jsdom',
          include: ['web/**/*.test.{ts,tsx}'],
          setupFiles: ['web/src/test/setup.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
}));
