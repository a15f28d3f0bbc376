// Proves a real browser (Chromium) on another origin can use the broker with the ably
// browser bundle: JWT auth via authCallback, live messages, presence, REST history via the
// SDK's envelope mode, CORS. Not part of `npm test` (needs /usr/bin/chromium):
//   npx tsx broker/test/browser-check.ts
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import * as Ably from 'ably';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import { createAblyJwt } from '../core';
import { generateKey, startBroker } from '../node';

interface PageWindow {
  start(port: number, token: string): Promise<string>;
  results: string[];
  client: Ably.Realtime;
}

async function main() {
  const key = generateKey('browser');
  const broker = await startBroker({ port: 0, keys: [{ key }] });
  const bundle = readFileSync('node_modules/ably/build/ably.js', 'utf8');
  const page = `<!doctype html><script src="/ably.js"></script><script>
    window.results = [];
    window.start = (port, token) => {
      const client = new Ably.Realtime({
        authCallback: (_p, cb) => cb(null, token),
        endpoint: location.hostname, port, tls: false, fallbackHosts: [],
      });
      window.client = client;
      const ch = client.channels.get('booking:b1');
      ch.subscribe((m) => window.results.push(m.name + ':' + JSON.stringify(m.data)));
      return ch.attach().then(() => ch.presence.enter({ typing: false })).then(() => client.connection.id);
    };
  </script>`;
  const web = createServer((req, res) => {
    if (req.url === '/ably.js')
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  const webPort = (web.address() as AddressInfo).port;

  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const tab = await browser.newPage();
    // Page on 127.0.0.1:<webPort>, broker on 127.0.0.1:<brokerPort>: a different origin.
    await tab.goto(`http://127.0.0.1:${webPort}/`);
    const token = await createAblyJwt(key, {
      clientId: 'browser-user',
      capability: { 'booking:*': ['subscribe', 'presence', 'history'] },
    });
    const connectionId = await tab.evaluate(
      ([p, t]) => (window as unknown as PageWindow).start(p, t),
      [broker.port, token] as const,
    );
    console.log(`browser connected: ${connectionId}`);

    const rest = new Ably.Rest({
      key,
      endpoint: '127.0.0.1',
      port: broker.port,
      tls: false,
      fallbackHosts: [],
    });
    await rest.channels.get('booking:b1').publish('status.changed', { version: 2 });
    await tab.waitForFunction(
      () => (window as unknown as PageWindow).results.length > 0,
      undefined,
      {
        timeout: 5000,
      },
    );
    console.log(
      'browser received:',
      await tab.evaluate(() => (window as unknown as PageWindow).results),
    );

    const members = await rest.channels.get('booking:b1').presence.get();
    console.log(
      'presence seen over REST:',
      members.items.map((m) => m.clientId),
    );

    const history = await tab.evaluate(async () => {
      const page = await (window as unknown as PageWindow).client.channels
        .get('booking:b1')
        .history({ limit: 5 });
      return page.items.map((m) => m.name);
    });
    console.log('browser history():', history);
    if (history[0] !== 'status.changed' || members.items[0]?.clientId !== 'browser-user') {
      throw new Error('unexpected browser results');
    }
    console.log('OK');
  } finally {
    await browser.close();
    web.close();
    await broker.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
