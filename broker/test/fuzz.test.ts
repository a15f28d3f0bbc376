import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { BrokerEngine, type Transport } from '../core';
import { generateKey } from '../node';
import { closeAll, recorder, startTestBroker, waitFor } from './support';

afterEach(closeAll);

// Valid frames the SDK would send; the fuzzer mutates them field by field.
const valid: Array<Record<string, unknown>> = [
  { action: 10, channel: 'fz' },
  { action: 10, channel: 'fz', flags: 1 << 18, params: { rewind: '2' } },
  { action: 12, channel: 'fz' },
  { action: 15, channel: 'fz', msgSerial: 1, messages: [{ name: 'n', data: 'd' }] },
  { action: 14, channel: 'fz', msgSerial: 2, presence: [{ action: 2, clientId: 'c', data: 'x' }] },
  { action: 0, id: 'ping' },
  { action: 17, auth: { accessToken: 'a.b.c' } },
];

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.json().map((j) => JSON.parse(j) as unknown),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
  fc.uint8Array({ maxLength: 16 }),
);

const mutated = fc
  .tuple(
    fc.constantFrom(...valid),
    fc.dictionary(
      fc.constantFrom(
        'action',
        'channel',
        'msgSerial',
        'messages',
        'presence',
        'flags',
        'params',
        'auth',
        'channelSerial',
        'id',
        'count',
      ),
      anyValue,
      { maxKeys: 3 },
    ),
  )
  .map(([base, patch]) => ({ ...base, ...patch }));

const randomObject = fc.record(
  {
    action: fc.integer({ min: -2, max: 25 }),
    channel: fc.oneof(fc.constant('fz'), fc.string(), anyValue),
    msgSerial: fc.oneof(fc.nat(), anyValue),
    messages: fc.oneof(
      fc.array(
        fc.dictionary(
          fc.constantFrom('name', 'data', 'clientId', 'encoding', 'extras', 'id'),
          anyValue,
        ),
      ),
      anyValue,
    ),
    presence: fc.oneof(
      fc.array(
        fc.record({ action: fc.integer({ min: -1, max: 6 }), clientId: anyValue, data: anyValue }),
      ),
      anyValue,
    ),
    flags: anyValue,
  },
  { requiredKeys: ['action'] },
);

/** A frame as it could arrive: JSON text of anything, msgpack of anything, raw bytes, raw text. */
const frame = fc.oneof(
  mutated.map((o) => JSON.stringify(o, (_k, v) => (v instanceof Uint8Array ? [...v] : v))),
  mutated.map((o) => encode(o, { ignoreUndefined: true })),
  randomObject.map((o) => JSON.stringify(o, (_k, v) => (v instanceof Uint8Array ? [...v] : v))),
  randomObject.map((o) => encode(o, { ignoreUndefined: true })),
  fc.string(),
  fc.uint8Array({ maxLength: 64 }),
);

class FakeTransport implements Transport {
  out: Array<string | Uint8Array> = [];
  closed = false;
  private resolveFirst!: () => void;
  /** Resolves on the first frame (CONNECTED or the rejection). */
  first = new Promise<void>((r) => {
    this.resolveFirst = r;
  });
  send(f: string | Uint8Array) {
    if (this.closed) throw new Error('send after close');
    this.out.push(f);
    this.resolveFirst();
  }
  close() {
    this.closed = true;
  }
  ping() {}
}

describe('fuzz', () => {
  test('engine: random and mutated frames never throw, and a bystander keeps receiving', async () => {
    const key = generateKey('fuzz');
    const internalErrors: unknown[] = [];
    const engine = new BrokerEngine({
      keys: [{ key }],
      logger: { debug() {}, info() {}, warn() {}, error: (...a) => internalErrors.push(a) },
    });
    try {
      const bystander = new FakeTransport();
      const bh = engine.openConnection({ key, clientId: 'by' }, {}, bystander);
      await waitFor(() => bystander.out.length > 0, 'bystander CONNECTED');
      bh.receive(JSON.stringify({ action: 10, channel: 'fz' }));

      await fc.assert(
        fc.asyncProperty(
          fc.array(frame, { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          async (frames, binary) => {
            const t = new FakeTransport();
            const h = engine.openConnection(
              { key, clientId: 'c', format: binary ? 'msgpack' : 'json' },
              {},
              t,
            );
            await t.first;
            for (const f of frames) h.receive(f); // must never throw
            h.transportClosed();
          },
        ),
        { numRuns: 1000 },
      );
      // Bad input must be rejected as bad input, never surface as an internal error.
      expect(internalErrors).toEqual([]);
      const before = bystander.out.length;
      engine.publish('fz', { name: 'after-fuzz', data: 'ok' });
      const last = bystander.out.at(-1);
      expect(bystander.out.length).toBe(before + 1);
      expect(String(last)).toContain('after-fuzz');
      expect(bystander.closed).toBe(false);
    } finally {
      engine.close();
    }
  });

  test('over the wire: frames and REST bodies never take the broker down', async () => {
    const b = await startTestBroker();
    const bystander = b.realtime();
    const rec = await recorder(bystander.channels.get('fz'));
    const routes = ['/channels/fz/messages', '/messages', `/keys/${b.keyName}/requestToken`];
    await fc.assert(
      fc.asyncProperty(
        fc.array(frame, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...routes),
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.uint8Array({ maxLength: 64 }),
          mutated.map((o) => JSON.stringify(o)),
        ),
        fc.constantFrom('application/json', 'application/x-msgpack', 'text/plain'),
        async (frames, route, body, contentType) => {
          const raw = await b.raw({ format: 'json' });
          await raw.next((f) => f.action === 4, 'CONNECTED');
          for (const f of frames) raw.sendRaw(typeof f === 'string' ? f : Buffer.from(f));
          raw.close();
          const res = await fetch(`${b.url}${route}`, {
            method: 'POST',
            headers: { authorization: `Basic ${btoa(b.key)}`, 'content-type': contentType },
            body: typeof body === 'string' ? body : Buffer.from(body),
          });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    const health = await fetch(`${b.url}/healthz`);
    expect(health.status).toBe(200);
    const before = rec.messages.length;
    await b.rest().channels.get('fz').publish('after-fuzz', 'ok');
    await waitFor(() => rec.messages.slice(before).some((m) => m.name === 'after-fuzz'));
    expect(bystander.connection.state).toBe('connected');
  });
});
