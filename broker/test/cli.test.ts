import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Ably from 'ably';
import { afterEach, expect, test } from 'vitest';
import { generateKey } from '../node';
import { waitFor } from './support';

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

function run(args: string[], env: Record<string, string> = {}) {
  const out = { text: '' };
  child = spawn(process.execPath, ['--import', 'tsx', 'broker/node/cli.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
  });
  child.stdout?.on('data', (d) => {
    out.text += String(d);
  });
  child.stderr?.on('data', (d) => {
    out.text += String(d);
  });
  return out;
}

test('CLI: --keys file, logs connection open/close at debug, exits on SIGTERM', async () => {
  const key = generateKey('cli');
  const dir = mkdtempSync(join(tmpdir(), 'broker-cli-'));
  const file = join(dir, 'keys.json');
  writeFileSync(file, JSON.stringify([{ key, capability: { '*': ['*'] } }]));
  // How fast it starts is measured by the bench (start_s), not asserted here.
  const out = run(['--port', '0', '--host', '127.0.0.1', '--keys', file, '--log-level', 'debug']);
  const line = await waitFor(() => /listening on 127\.0\.0\.1:(\d+)/.exec(out.text), 'listening');
  const port = Number(line[1]);

  const client = new Ably.Realtime({
    key,
    endpoint: '127.0.0.1',
    port,
    tls: false,
    fallbackHosts: [],
    logLevel: 0,
  });
  await client.connection.whenState('connected');
  await waitFor(() => out.text.includes(`connection ${client.connection.id} opened`), 'open log');
  const id = client.connection.id;
  client.close();
  await waitFor(() => out.text.includes(`connection ${id} closed`), 'close log');

  const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
  child!.kill('SIGTERM');
  expect(await exited).toBe(0);
});

test('CLI: without --keys uses ABLY_LOCAL_KEY, else generates and prints a key', async () => {
  const key = generateKey('env');
  const out = run(['--port', '0', '--host', '127.0.0.1'], { ABLY_LOCAL_KEY: key });
  await waitFor(() => out.text.includes('listening'), 'listening');
  expect(out.text).toContain(key.slice(0, key.indexOf(':')));
  expect(out.text).not.toContain('generated key');
  child!.kill('SIGKILL');

  const out2 = run(['--port', '0', '--host', '127.0.0.1'], { ABLY_LOCAL_KEY: '' });
  await waitFor(() => /generated key \S+\.\S+:\S+/.test(out2.text), 'generated key line');
});

test('CLI: a bad keys file fails with one clear line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'broker-cli-'));
  const file = join(dir, 'keys.json');
  writeFileSync(file, '[{"key":"no-colon"}]');
  const out = run(['--port', '0', '--keys', file]);
  const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
  expect(code).toBe(1);
  expect(out.text).toMatch(/appId\.keyId:secret/);
});
