import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One config for the SPA build (root: web/) and for Vitest, which runs two projects:
// node-side code (broker, contract, api, bench helpers) and the SPA's component tests.
export default defineConfig(({ mode }) => ({
  root: 'web',
  plugins: [react()],
  define: {
    // Mock mode is a build-time switch so the production bundle never ships MSW.
    'import.meta.env.GLOWDESK_MOCK': JSON.stringify(mode === 'mock'),
  },
  server: { port: 5173 },
  build: {
    outDir: mode === 'mock' ? '../dist/mock' : '../dist/web',
    emptyOutDir: true,
    reportCompressedSize: true,
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          root: '.',
          environment: 'node',
          include: ['broker/**/*.test.ts', 'contract/**/*.test.ts', 'api/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
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
