import { type ChildProcess, execSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Every server and load generator of the bench runs in its own child process (node + tsx),
// talks to the parent over IPC, and is bounded in time twice: the child exits by itself
// after `timeoutMs` (see `childMain`), and the parent kills it a little later if it hasn't.

const live = new Set<ChildProcess>();

function killAll() {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {}
  }
  live.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

export interface Child {
  proc: ChildProcess;
  /** Next IPC message of this type (rejects if the child dies or the wait times out). */
  next<T = Record<string, unknown>>(type: string, timeoutMs?: number): Promise<T>;
  send(msg: Record<string, unknown>): void;
  /** Asks the child to stop, then kills it. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /** Hard limit for the child's whole life (ms). */
  timeoutMs: number;
  env?: Record<string, string>;
  execArgv?: string[];
  args?: string[];
  /** Forward the child's stderr (default true). */
  stderr?: boolean;
}

/**
 * `BENCH_CPU_PROF=<script>:<dir>` (e.g. `app-server.ts:/tmp/prof`): that child runs with
 * `--cpu-prof`, and writes its profile into <dir> when it is stopped.
 */
function profileArgs(script: string): string[] {
  const [name, dir] = (process.env.BENCH_CPU_PROF ?? '').split(':');
  return name === script && dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

export function spawnChild(script: string, options: SpawnOptions): Child {
  const file = fileURLToPath(new URL(`../procs/${script}`, import.meta.url));
  // Through `sh`, so the child's file-descriptor limit is first raised to the hard limit
  // (`ulimit -n`): idle and fan-out children hold 10,000–20,000 sockets each.
  const proc = fork(file, options.args ?? [], {
    execPath: '/bin/sh',
    execArgv: [
      '-c',
      'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"',
      process.execPath,
      '--import',
      'tsx',
      ...(options.execArgv ?? []),
      ...profileArgs(script),
    ],
    env: {
      ...process.env,
      ...options.env,
      BENCH_CHILD_TIMEOUT_MS: String(options.timeoutMs),
    },
    stdio: ['ignore', 'ignore', options.stderr === false ? 'ignore' : 'inherit', 'ipc'],
  });
  live.add(proc);
  const killer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs + 5_000);
  killer.unref();
  const inbox: Array<Record<string, unknown>> = [];
  const waiters: Array<{ type: string; resolve: (m: never) => void; reject: (e: Error) => void }> =
    [];
  let dead: Error | null = null;
  const exited = new Promise<number | null>((resolve) => {
    proc.on('exit', (code, signal) => {
      live.delete(proc);
      clearTimeout(killer);
      dead = new Error(`bench child ${script} exited (${code ?? signal})`);
      for (const w of waiters.splice(0)) w.reject(dead);
      resolve(code);
    });
  });
  proc.on('message', (raw) => {
    const msg = raw as Record<string, unknown>;
    if (msg.type === 'error') {
      const err = new Error(`bench child ${script}: ${String(msg.message)}`);
      for (const w of waiters.splice(0)) w.reject(err);
      return;
    }
    const i = waiters.findIndex((w) => w.type === msg.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(msg as never);
    else inbox.push(msg);
  });
  return {
    proc,
    exited,
    next<T>(type: string, timeoutMs = options.timeoutMs) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as T);
      if (dead) return Promise.reject(dead);
      return new Promise<T>((resolve, reject) => {
        const w = { type, resolve: resolve as (m: never) => void, reject };
        waiters.push(w);
        const t = setTimeout(() => {
          const j = waiters.indexOf(w);
          if (j >= 0) waiters.splice(j, 1);
          reject(new Error(`bench child ${script}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        t.unref();
      });
    },
    send(msg) {
      if (proc.connected) proc.send(msg);
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (proc.connected) proc.send({ type: 'stop' });
      const t = setTimeout(() => proc.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Children started together and stopped together, the last started first. */
export function childGroup(lifeMs: number) {
  const children: Child[] = [];
  return {
    spawn(script: string, options: Omit<SpawnOptions, 'timeoutMs'> = {}): Child {
      const child = spawnChild(script, { timeoutMs: lifeMs, ...options });
      children.push(child);
      return child;
    },
    async stop(): Promise<void> {
      for (const child of children.splice(0).reverse()) await child.stop();
    },
  };
}

// ─── child side ────────────────────────────────────────────────────────────────

type Handler = (msg: Record<string, unknown>) => void | Promise<void>;

/**
 * Child entry helper: exits on its own deadline, when the parent goes away or says stop;
 * reports an uncaught failure to the parent before exiting.
 */
export function childMain(onMessage: Handler, onStop?: () => void | Promise<void>) {
  const limit = Number(process.env.BENCH_CHILD_TIMEOUT_MS ?? 60_000);
  setTimeout(() => {
    process.stderr.write(`bench child ${process.argv[1]}: hard timeout, exiting\n`);
    process.exit(3);
  }, limit).unref();
  const fail = (e: unknown) => {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    try {
      process.send?.({ type: 'error', message });
    } catch {}
    process.stderr.write(`${message}\n`);
    setTimeout(() => process.exit(1), 100);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const msg = raw as Record<string, unknown>;
    if (msg.type === 'stop') {
      Promise.resolve(onStop?.())
        .catch(() => {})
        .finally(() => process.exit(0));
      return;
    }
    Promise.resolve(onMessage(msg)).catch(fail);
  });
}

export function reply(msg: Record<string, unknown>) {
  process.send?.(msg);
}

/** The hard limit on open files children get (`ulimit -Hn`); 1,024 when unknown. */
export function fdLimit(): number {
  try {
    const out = execSync('ulimit -Hn', { encoding: 'utf8', shell: '/bin/sh' }).trim();
    return out === 'unlimited' ? 1_048_576 : Number(out) || 1024;
  } catch {
    return 1024;
  }
}
