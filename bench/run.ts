import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchBundle } from './bundle';
import { benchFanout } from './fanout';
import { benchLatency } from './latency';
import { benchIdleMemory } from './memory';
import { benchTokens } from './tokens';

// `npm run bench [-- --quick] [--json out.json] [--only fanout,e2e,...]`
// Runs each measurement in its own processes on loopback, prints a table against the goals
// (issue 8 / bench/README.md), optionally writes { machine, metrics } as JSON, and exits 1
// when a goal is missed.

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : null;
const wants = (name: string) => !only || only.has(name);

type Goal = { metric: string; op: '>=' | '<='; value: number };
const GOALS: Goal[] = [
  { metric: 'fanout_ratio', op: '>=', value: 0.5 },
  { metric: 'e2e_p50_ms', op: '<=', value: 15 },
  { metric: 'e2e_p99_ms', op: '<=', value: 50 },
  { metric: 'token_ratio', op: '>=', value: 0.5 },
  { metric: 'idle_kb_per_connection', op: '<=', value: 50 },
  { metric: 'js_gz_kb_login', op: '<=', value: 100 },
  { metric: 'js_gz_kb_app', op: '<=', value: 170 },
];

const log = (s: string) => process.stdout.write(`${s}\n`);
const git = (cmd: string) => {
  try {
    return execSync(`git ${cmd}`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  loadavgAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  commit: git('rev-parse --short HEAD'),
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
};

const benches: Array<[string, () => Promise<Record<string, number>>]> = [
  [
    'fanout',
    () =>
      benchFanout(
        quick
          ? { subscribers: 1000, slices: 3, sliceMs: 1500, warmupMs: 300, window: 8 }
          : { subscribers: 1000, slices: 8, sliceMs: 2500, warmupMs: 500, window: 8 },
        log,
      ),
  ],
  ['e2e', () => benchLatency({ approvals: 200, otherSubscribers: 100 }, log)],
  [
    'tokens',
    () =>
      benchTokens(
        quick
          ? { slices: 3, sliceSeconds: 3, connections: 10 }
          : { slices: 6, sliceSeconds: 5, connections: 10 },
        log,
      ),
  ],
  ['idle', () => benchIdleMemory({ connections: quick ? 1000 : 5000 }, log)],
  ['bundle', () => benchBundle(log)],
];

log(`glowdesk bench (${machine.mode}) on ${machine.cores}× ${machine.cpu}, node ${machine.node}`);
const metrics: Record<string, number> = {};
const failures: string[] = [];
const started = Date.now();
for (const [name, run] of benches) {
  if (!wants(name)) continue;
  const t = Date.now();
  log(`▸ ${name}`);
  try {
    Object.assign(metrics, await run());
  } catch (error) {
    failures.push(`${name}: ${(error as Error).message}`);
    log(`  ✗ ${name} failed: ${(error as Error).message}`);
  }
  log(`  (${Math.round((Date.now() - t) / 1000)} s)`);
}

log('\n| metric | value | goal | |\n| --- | ---: | --- | --- |');
const goalFor = (m: string) => GOALS.find((g) => g.metric === m);
let missed = 0;
for (const [metric, value] of Object.entries(metrics)) {
  const goal = goalFor(metric);
  const ok = !goal || (goal.op === '>=' ? value >= goal.value : value <= goal.value);
  if (!ok) missed++;
  log(
    `| ${metric} | ${value} | ${goal ? `${goal.op} ${goal.value}` : ''} | ${goal ? (ok ? '✓' : '✗') : ''} |`,
  );
}
log(
  `\n${Object.keys(metrics).length} metrics in ${Math.round((Date.now() - started) / 1000)} s; ${missed} goal(s) missed; ${failures.length} bench(es) failed`,
);

if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ machine, metrics }, null, 2)}\n`);
  log(`wrote ${values.json}`);
}
process.exit(missed || failures.length ? 1 : 0);
