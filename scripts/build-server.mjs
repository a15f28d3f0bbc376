// `npm run build:server`: bundles the API server (api/src/server.ts and everything of ours and
// of node_modules it imports) into one ES module, dist/server/server.mjs, which `npm run serve`
// and `npm start` run with plain `node` — no TypeScript loader at start-up (bench: `start_s`).
// better-sqlite3 stays external: it loads a native addon next to its own package.
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: ['api/src/server.ts'],
  outfile: 'dist/server/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  // CommonJS dependencies (express, ws, pino…) call require() for Node's modules.
  banner: {
    js: "import { createRequire as __glowdeskRequire } from 'node:module'; const require = __glowdeskRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) {
  console.log(`dist/server/server.mjs built in ${Date.now() - started} ms`);
}
