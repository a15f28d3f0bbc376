import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { postgresBin, startPostgres } from '../api/test/postgresServer';
import { benchBundle } from './bundle';
import { benchChat } from './chat';
import { benchFanout } from './fanout';
import { benchLatency } from './latency';
import { fdLimit } from './lib/child';
import { benchIdleMemory } from './memory';
import { benchStart } from './start';
import { benchStorm } from './storm';
import { benchTokens } from './tokens';

// `npm run bench [-- --quick] [--json out.json] [--only fanout,chat,storm,e2e,...]`
// Runs each measurement in its own processes on loopback, prints a table against the goals
// (bench/README.md), optionally writes { machine, metrics } as JSON, and exits 1
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
  { metric: 'fanout10k_ratio', op: '>=', value: 0.8 },
  { metric: 'chat_us_per_delivery_ratio', op: '<=', value: 1.3 },
  { metric: 'idle20k_kb_ratio', op: '<=', value: 1.5 },
  { metric: 'e2e_loaded_p99_ms', op: '<=', value: 25 },
  { metric: 'storm_recover_s', op: '<=', value: 5 },
  { metric: 'storm_lost', op: '<=', value: 0 },
  { metric: 'token_overhead_ratio', op: '>=', value: 0.85 },
  { metric: 'start_s', op: '<=', value: 1 },
  { metric: 'js_gz_kb_login', op: '<=', value: 90 },
  { metric: 'js_gz_kb_app', op: '<=', value: 160 },
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

// Connections the idle bench can hold: the server end of every socket is a file descriptor
// in one process, so 20,000 needs a hard limit above that (see bench/README.md).
const idleConnections = Math.min(20_000, fdLimit() - 100);

const benches: Array<[string, () => Promise<Record<string, number>>]> = [
  // First: builds dist/web and dist/server, which `start` then runs.
  ['bundle', () => benchBundle(log)],
  ['start', () => benchStart({ runs: quick ? 3 : 5, build: !wants('bundle') }, log)],
  [
    'tokens',
    () =>
      benchTokens(
        quick
          ? { slices: 12, sliceSeconds: 1, connections: 10 }
          : { slices: 6, sliceSeconds: 5, connections: 10 },
        log,
      ),
  ],
  [
    'fanout',
    () =>
      benchFanout(
        quick
          ? { subscribers: 10_000, slices: 3, sliceMs: 1500, warmupMs: 300, window: 8 }
          : { subscribers: 10_000, slices: 6, sliceMs: 2500, warmupMs: 500, window: 8 },
        log,
      ),
  ],
  [
    'chat',
    () =>
      benchChat(
        quick
          ? { conversations: 2000, eventsPerS: 4000, slices: 4, sliceMs: 2000 }
          : { conversations: 2000, eventsPerS: 4000, slices: 6, sliceMs: 3000 },
        log,
      ),
  ],
  ['idle', () => benchIdleMemory({ connections: idleConnections, clientProcs: 2 }, log)],
  ['storm', () => benchStorm({ clients: 2000, changesPerS: 5, tokenTtlS: 60 }, log)],
  [
    'e2e',
    () =>
      benchLatency(
        {
          approvals: quick ? 100 : 200,
          otherSubscribers: 100,
          customers: 2000,
          changesPerS: 20,
        },
        log,
      ),
  ],
  [
    // The same trip with the API on PostgreSQL (a throwaway server), next to SQLite's: no goal.
    'e2e-pg',
    async () => {
      if (!postgresBin()) {
        log('  skipped: PostgreSQL is not installed (apt-get install -y postgresql)');
        return {};
      }
      const postgres = await startPostgres();
      try {
        return await benchLatency(
          {
            approvals: quick ? 100 : 200,
            otherSubscribers: 100,
            customers: 2000,
            changesPerS: 20,
            databaseUrl: postgres.url,
          },
          log,
        );
      } finally {
        await postgres.stop();
      }
    },
  ],
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
