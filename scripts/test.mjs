// `npm test`: typecheck, lint, unit tests (Vitest) and end-to-end tests (Playwright), all four
// at once. Most of the e2e run waits on browsers, timers and sockets, not on the CPU, so on a
// 2-core machine running them side by side takes about as long as the e2e suite alone.
// Each step's output is printed whole when it ends (not interleaved); the exit code is 1
// when any step failed. `npm run test:serial` runs the same four steps one after another.
import { spawn } from 'node:child_process';

const steps = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['unit', 'npm', ['run', '-s', 'test:unit']],
  // Niced: Vitest has tests that time themselves (a CLI starts in under 2 s, a fuzz run
  // within its timeout); the browsers and servers of the e2e run yield the CPU to them.
  ['e2e', 'nice', ['-n', '10', 'npm', 'run', '-s', 'test:e2e']],
];

// `npm test -- --only=unit,e2e` runs some of the steps.
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;

const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const children = new Set();
const stopAll = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

const results = await Promise.all(
  steps
    .filter(([name]) => !only || only.has(name))
    .map(
      ([name, cmd, args]) =>
        new Promise((resolve) => {
          const t = Date.now();
          const out = [];
          const child = spawn(cmd, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
          });
          children.add(child);
          child.stdout.on('data', (c) => out.push(c));
          child.stderr.on('data', (c) => out.push(c));
          child.on('close', (code, signal) => {
            children.delete(child);
            const ms = Date.now() - t;
            const ok = code === 0;
            process.stdout.write(
              `\n━━ ${name}: ${ok ? 'passed' : `FAILED (${code ?? signal})`} in ${seconds(ms)} ━━\n`,
            );
            process.stdout.write(Buffer.concat(out));
            resolve({ name, ok, ms });
          });
        }),
    ),
);

process.stdout.write('\n');
for (const r of results) {
  process.stdout.write(`  ${r.ok ? '✓' : '✗'} ${r.name.padEnd(10)} ${seconds(r.ms)}\n`);
}
const failed = results.filter((r) => !r.ok);
process.stdout.write(
  `npm test: ${failed.length ? `${failed.map((r) => r.name).join(', ')} failed` : 'all passed'} in ${seconds(Date.now() - started)}\n`,
);
process.exit(failed.length ? 1 : 0);
