import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../bench/lib/ports';

// Starts the real app (`npm run serve`: the bundled server, dist/server/server.mjs) as a child
// process with its own DATA_DIR and ports. Used by the isolated-server fixture (faults,
// REALTIME=off, short token TTL) — the shared server for most specs is started by
// playwright.config.ts' webServer, which builds the SPA (dist/web) and the server bundle once
// (`npm run build`); both are reused here. Without a bundle (E2E_SKIP_BUILD=1 on a fresh
// checkout) the server runs from source through tsx.

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const BUNDLE = path.join(ROOT, 'dist', 'server', 'server.mjs');

/** How to run the app: the production bundle when it is built, else the sources through tsx. */
export function serverCommand(): [string, string[]] {
  return existsSync(BUNDLE) ? [process.execPath, [BUNDLE]] : [TSX, ['api/src/server.ts']];
}

export interface AppServerOptions {
  /** Extra environment, e.g. `{ REALTIME: 'off' }` or `{ TOKEN_TTL_S: '5' }`. */
  env?: Record<string, string>;
  /** How long to wait for `/api/health` (ms). */
  startTimeoutMs?: number;
  /** Label in the child's log lines. */
  name?: string;
}

export class AppServer {
  readonly dataDir: string;
  private child: ChildProcess | null = null;
  private logTail: string[] = [];

  private constructor(
    readonly port: number,
    readonly realtimePort: number,
    private readonly options: AppServerOptions,
  ) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'glowdesk-e2e-iso-'));
  }

  static async start(options: AppServerOptions = {}): Promise<AppServer> {
    // A port free a moment ago can be taken before the server binds it (other workers start
    // servers too): on EADDRINUSE, start again on other ports.
    for (let attempt = 1; ; attempt += 1) {
      const server = new AppServer(await freePort(), await freePort(), options);
      try {
        await server.boot();
        return server;
      } catch (error) {
        await server.stop();
        if (attempt >= 3 || !/EADDRINUSE/.test(String(error))) throw error;
      }
    }
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get env(): Record<string, string> {
    return {
      PORT: String(this.port),
      REALTIME_PORT: String(this.realtimePort),
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      ...this.options.env,
    };
  }

  /** The last lines the process printed: attached to failures so a red test says why. */
  get log(): string {
    return this.logTail.join('');
  }

  private async boot(): Promise<void> {
    const [command, args] = serverCommand();
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.logTail.push(chunk.toString());
      if (this.logTail.length > 200) this.logTail.splice(0, this.logTail.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    while (Date.now() < deadline) {
      if (exited) {
        throw new Error(
          `app server exited during start-up (${this.options.name ?? ''}):\n${this.log}`,
        );
      }
      try {
        const res = await fetch(`${this.baseURL}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await this.stop({ keepData: true });
    throw new Error(`app server did not become healthy in time:\n${this.log}`);
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5 s). Removes DATA_DIR unless `keepData`. */
  async stop({ keepData = false }: { keepData?: boolean } = {}): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (!keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Stops and starts the same server again: same ports, same DATA_DIR, so the embedded broker
   * comes back with the same key and the database keeps its rows (the "broker restarts" fault).
   * `whileDown` runs while nothing listens on the ports.
   */
  async restart(whileDown?: () => Promise<void>): Promise<void> {
    await this.stop({ keepData: true });
    if (whileDown) await whileDown();
    await this.boot();
  }
}
