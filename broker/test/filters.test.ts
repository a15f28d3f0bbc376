import { afterEach, describe, expect, test } from 'vitest';
import { Capability } from '../core/capability';
import { Channel, type Subscriber } from '../core/channel';
import { parseFilteredName } from '../core/filter';
import { compileFilter, type MessageFilter } from '../core/filterExpression';
import { Action, Flag, type ProtocolMessage, type WireMessage } from '../core/protocol';
import type { BrokerState } from '../core/state';
import { generateKey } from '../node';
import { closeAll, recorder, startTestBroker, waitFor } from './support';

// Subscription filters: `[filter=<base64 JMESPath>]name` (ably-js `channels.getDerived`)
// receives only the messages of `name` the expression accepts; subscribe-only; a bad
// expression fails that channel (40010), never the connection.

afterEach(closeAll);

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const filteredName = (expr: string, base: string) => `[filter=${b64(expr)}]${base}`;
/** Qualified resources reach filtered channels; `[*]*` reaches plain channels too. */
const ALL_QUALIFIED = { '[*]*': ['*'] };

/** A broker whose key may use filtered channels (a key's plain "*" does not reach them). */
function startFilterBroker() {
  return startTestBroker({ keys: [{ key: generateKey('test'), capability: ALL_QUALIFIED }] });
}

// ably-js test/realtime/message.test.js "subscribes to filtered channel".
const CONFORMANCE_FILTER = 'name == `"filtered"` && headers.number == `26095`';
const conformanceData = [
  {
    name: 'filtered',
    data: 'These headers match the JMESPath expression so this message should not be filtered',
    extras: { headers: { name: 'Lorem Choo', number: 26095, bool: true } },
  },
  { name: 'filtered', data: 'Random data with no extras for filter' },
  {
    name: 'filtered',
    data: 'This message should also not be filtered',
    extras: { headers: { name: 'John Bull', number: 26095, bool: false } },
  },
  { name: 'filtered', data: 'No header on message' },
  {
    name: 'filtered',
    data: 'Can be filtered because it does not meet filter condition on headers.number',
    extras: { headers: { name: 'John Bull', number: 12345, bool: false } },
  },
  { name: 'end', data: 'last message check' },
];

describe('subscription filters over the SDK', () => {
  test('the ably-js conformance case: only matching messages, in order, ids as on the channel', async () => {
    const b = await startFilterBroker();
    const c = b.realtime();
    const filtered = c.channels.getDerived('chan', { filter: CONFORMANCE_FILTER });
    expect(filtered.name).toBe(filteredName(CONFORMANCE_FILTER, 'chan'));
    const got = await recorder(filtered);
    const all = await recorder(c.channels.get('chan'));
    expect(filtered.state).toBe('attached');
    expect(filtered.modes).toEqual(['subscribe']);

    // One REST publish of the whole array (one ProtocolMessage), as the ably-js test does.
    await b.rest().channels.get('chan').publish(conformanceData);
    await all.until(6);
    expect(all.messages.map((m) => m.data)).toEqual(conformanceData.map((m) => m.data));
    // A matching sentinel from a realtime publisher: once it is in, nothing else is coming.
    const publisher = b.realtime();
    await publisher.channels.get('chan').publish({
      name: 'filtered',
      data: 'sentinel',
      extras: { headers: { number: 26095 } },
    });
    await got.until(3);
    expect(got.messages.map((m) => m.data)).toEqual([
      conformanceData[0]!.data,
      conformanceData[2]!.data,
      'sentinel',
    ]);
    expect(got.messages[0]!.extras.headers).toEqual(conformanceData[0]!.extras!.headers);
    // The SDK fills in the same ids the unfiltered subscribers see (`<pm id>:<index>`).
    expect(got.messages[0]!.id).toBe(all.messages[0]!.id);
    expect(got.messages[1]!.id).toBe(all.messages[2]!.id);
    expect(got.messages.every((m) => m.extras.headers.number === 26095)).toBe(true);
  });

  test('two filters and two subscribers of one filter on the same channel each get theirs', async () => {
    const b = await startFilterBroker();
    const cheap = 'headers.cost < `50`';
    const berry = 'headers.flavor == \'strawberry\' || headers.flavor == `"chocolate"`';
    const a1 = await recorder(b.realtime().channels.getDerived('kiosk', { filter: cheap }));
    const a2 = await recorder(b.realtime().channels.getDerived('kiosk', { filter: cheap }));
    const f = await recorder(b.realtime().channels.getDerived('kiosk', { filter: berry }));
    const ch = b.realtime().channels.get('kiosk');
    const send = (data: string, headers: Record<string, unknown>) =>
      ch.publish({ name: 'ice-cream', data, extras: { headers } });
    await send('a', { flavor: 'strawberry', cost: 35 });
    await send('b', { flavor: 'vanilla', cost: 20 });
    await send('c', { flavor: 'chocolate', cost: 80 });
    await send('d', { flavor: 'mint', cost: '10' }); // a string is not a number: no match
    await send('end', { flavor: 'strawberry', cost: 1 });
    await a1.until(3);
    await a2.until(3);
    await f.until(3);
    expect(a1.messages.map((m) => m.data)).toEqual(['a', 'b', 'end']);
    expect(a2.messages.map((m) => m.data)).toEqual(['a', 'b', 'end']);
    expect(f.messages.map((m) => m.data)).toEqual(['a', 'c', 'end']);
  });

  test('a bad expression fails that channel only (40010); the connection and other channels carry on', async () => {
    const b = await startFilterBroker();
    const c = b.realtime();
    const good = await recorder(c.channels.get('good'));
    const id = c.connection.id;
    const bad = [
      c.channels.getDerived('chan', { filter: 'name ==' }),
      c.channels.getDerived('chan', { filter: 'contains(name, `"x"`)' }),
      c.channels.getDerived('chan', { filter: 'headers.n == 5' }),
      c.channels.get('[filter=***]chan'), // not base64
      c.channels.get(`[filter=${Buffer.from([0xff, 0xfe]).toString('base64')}]chan`), // not UTF-8
      c.channels.get('[meta]chan'), // a qualifier the broker does not serve
    ];
    for (const ch of bad) {
      await expect(ch.attach(), ch.name).rejects.toMatchObject({ code: 40010, statusCode: 400 });
      expect(ch.state).toBe('failed');
    }
    expect(bad[0]!.errorReason?.message).toMatch(/Invalid filter expression: .* at position 7/);
    expect(c.connection.state).toBe('connected');
    expect(c.connection.id).toBe(id);
    await b.rest().channels.get('good').publish('still', 'here');
    await good.until(1);
  });

  test('filtered channels are subscribe-only: publish and presence are refused (40160)', async () => {
    const b = await startFilterBroker();
    const c = b.realtime({ clientId: 'ava' });
    const filtered = c.channels.getDerived('chan', { filter: 'name == `"x"`' });
    await filtered.attach();
    const plain = await recorder(b.realtime().channels.get('chan'));
    await expect(filtered.publish('x', 'nope')).rejects.toMatchObject({ code: 40160 });
    await expect(filtered.presence.enter('hi')).rejects.toMatchObject({ code: 40160 });
    await expect(
      b.rest().channels.get(filteredName('name == `"x"`', 'chan')).publish('x', 'nope'),
    ).rejects.toMatchObject({ code: 40160, statusCode: 401 });
    expect(filtered.state).toBe('attached');
    expect(c.connection.state).toBe('connected');
    // Publishing on the plain channel from the same client is how it is done.
    await c.channels.get('chan').publish('x', 'yes');
    await plain.until(1);
    expect(plain.messages.map((m) => m.data)).toEqual(['yes']);
  });

  test('rights: a plain "*" does not reach a filtered channel; [filter]name and [*]* do', async () => {
    const expr = 'name == `"x"`';
    const plainKey = await startTestBroker(); // its key: { "*": ["*"] }
    await expect(
      plainKey.realtime().channels.getDerived('chan', { filter: expr }).attach(),
    ).rejects.toMatchObject({ code: 40160 });
    const b = await startFilterBroker();
    const plainToken = b.realtime({ token: await b.jwt({ capability: { '*': ['*'] } }) });
    await plainToken.channels.get('chan').attach();
    await expect(
      plainToken.channels.getDerived('chan', { filter: expr }).attach(),
    ).rejects.toMatchObject({ code: 40160 });
    const narrow = await b.jwt({ capability: { '[filter]chan': ['subscribe'] } });
    const n = b.realtime({ token: narrow });
    await n.channels.getDerived('chan', { filter: expr }).attach();
    await expect(n.channels.getDerived('other', { filter: expr }).attach()).rejects.toMatchObject({
      code: 40160,
    });
    await expect(n.channels.get('chan').attach()).rejects.toMatchObject({ code: 40160 });
    const wide = b.realtime(); // the key's [*]*: plain and filtered channels alike
    await wide.channels.get('chan').attach();
    await wide.channels.getDerived('any:thing', { filter: expr }).attach();
  });

  test('in-band re-auth keeps a filtered channel as it was; losing the right detaches it', async () => {
    const b = await startFilterBroker();
    let capability: Record<string, string[]> = ALL_QUALIFIED;
    const c = b.realtime({
      authCallback: (_params, cb) => {
        b.jwt({ capability }).then(
          (t) => cb(null, t),
          (e: Error) => cb(e.message, null),
        );
      },
    });
    const filtered = c.channels.getDerived('chan', { filter: 'name == `"m"`' });
    const got = await recorder(filtered);
    const updates: unknown[] = [];
    filtered.on('update', (change) => updates.push(change));
    await c.auth.authorize();
    await b.rest().channels.get('chan').publish('m', 'after re-auth');
    await got.until(1);
    expect(filtered.modes).toEqual(['subscribe']);
    expect(updates).toEqual([]); // nothing re-attached, no other modes (ATTACHED sets modes)
    capability = { chan: ['subscribe'] }; // the plain channel only
    await c.auth.authorize();
    await waitFor(
      () => filtered.state !== 'attached',
      'the filtered channel to lose its attachment',
    );
    expect(c.connection.state).toBe('connected');
  });

  test('echoMessages: false holds on a filtered channel too', async () => {
    const b = await startFilterBroker();
    const c = b.realtime({ echoMessages: false });
    const got = await recorder(c.channels.getDerived('chan', { filter: 'name == `"m"`' }));
    await c.channels.get('chan').publish('m', 'own');
    await b.rest().channels.get('chan').publish('m', 'theirs');
    await got.until(1);
    expect(got.messages.map((m) => m.data)).toEqual(['theirs']);
  });
});

describe('subscription filters on the wire', () => {
  test('ATTACHED names the filtered channel, subscribe mode only; replay from a channelSerial is filtered', async () => {
    const b = await startFilterBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === Action.CONNECTED, 'CONNECTED');
    const name = filteredName('headers.keep == `true`', 'wire');
    raw.send({ action: Action.ATTACH, channel: name });
    const attached = await raw.next((f) => f.action === Action.ATTACHED && f.channel === name);
    expect((attached.flags as number) & 0xff0000).toBe(Flag.SUBSCRIBE);
    const rest = b.rest().channels.get('wire');
    await rest.publish([
      { name: 'a', extras: { headers: { keep: true } } },
      { name: 'b', extras: { headers: { keep: false } } },
      { name: 'c', extras: { headers: { keep: true } } },
    ]);
    const live = await raw.next((f) => f.action === Action.MESSAGE);
    expect(live.channel).toBe(name);
    const liveMessages = live.messages as WireMessage[];
    expect(liveMessages.map((m) => m.name)).toEqual(['a', 'c']);
    expect(liveMessages.map((m) => m.id)).toEqual([`${live.id}:0`, `${live.id}:2`]);
    // Re-attach from the serial before the publish: the replay is filtered like live traffic.
    raw.send({ action: Action.ATTACH, channel: name, channelSerial: attached.channelSerial });
    const again = await raw.next((f) => f.action === Action.ATTACHED && f.channel === name);
    expect((again.flags as number) & Flag.RESUMED).toBe(Flag.RESUMED);
    const replayed = await raw.next((f) => f.action === Action.MESSAGE);
    expect(replayed).toMatchObject({ channel: name, id: live.id, messages: liveMessages });
  });

  test('rewind is refused on a filtered channel (40003); presence never reaches it', async () => {
    const b = await startFilterBroker();
    const raw = await b.raw({ clientId: 'w' });
    await raw.next((f) => f.action === Action.CONNECTED, 'CONNECTED');
    const name = filteredName('name == `"m"`', 'pres');
    raw.send({ action: Action.ATTACH, channel: name, params: { rewind: '1' } });
    const err = await raw.next((f) => f.action === Action.ERROR && f.channel === name);
    expect(err).toMatchObject({ error: { code: 40003 } });
    raw.send({ action: Action.ATTACH, channel: name });
    await raw.next((f) => f.action === Action.ATTACHED && f.channel === name);
    const ava = b.realtime({ clientId: 'ava' });
    await ava.channels.get('pres').presence.enter();
    await ava.channels.get('pres').publish('m', 'after the enter');
    const msg = await raw.next((f) => f.action === Action.MESSAGE);
    expect(msg.channel).toBe(name);
    expect(
      raw.frames.filter((f) => f.action === Action.PRESENCE || f.action === Action.SYNC),
    ).toEqual([]);
  });

  test('a connection that goes away leaves no filtered view behind', async () => {
    const b = await startFilterBroker();
    const c = b.realtime();
    await c.channels.getDerived('gone', { filter: 'name == `"m"`' }).attach();
    // The engine's state is private; the test looks at it to see the view go.
    const { state } = b.broker.engine as unknown as { state: BrokerState };
    const channel = state.channels.get('gone')!;
    expect(channel.filtered?.size).toBe(1);
    expect(channel.isIdle()).toBe(false);
    c.close();
    await c.connection.whenState('closed');
    await waitFor(() => channel.isIdle() && channel.filtered === null, 'the view pruned');
  });
});

describe('fan-out', () => {
  class Sub implements Subscriber {
    frames: Array<string | Uint8Array> = [];
    constructor(
      readonly id: string,
      readonly echo = true,
    ) {}
    readonly format = 'json' as const;
    isLive() {
      return true;
    }
    sendFrame(frame: string | Uint8Array) {
      this.frames.push(frame);
    }
  }

  const newChannel = () =>
    new Channel(
      'ch',
      'ep',
      { maxMessages: 10, maxAgeMs: 60_000 },
      { windowMs: 1000, maxIds: 10 },
      0,
    );

  function attach(channel: Channel, sub: Sub, view?: ReturnType<Channel['filteredView']>) {
    const target = view ?? channel;
    target.attachments.add({
      conn: sub,
      channel: target,
      requestedModes: Flag.SUBSCRIBE,
      modes: Flag.SUBSCRIBE,
      paused: false,
      presenceClients: null,
      params: undefined,
    });
  }

  function counting(expression: string): MessageFilter & { calls: number } {
    const inner = compileFilter(expression);
    const f = {
      calls: 0,
      expression,
      matches: (m: WireMessage) => {
        f.calls++;
        return inner.matches(m);
      },
    };
    return f;
  }

  const pm = (messages: WireMessage[]): ProtocolMessage => ({
    action: Action.MESSAGE,
    id: 'p',
    channel: 'ch',
    channelSerial: 'ep:1',
    messages,
  });

  test('each filter runs once per message, however many subscribers share it', () => {
    const channel = newChannel();
    const plain = new Sub('plain');
    attach(channel, plain);
    const f1 = counting('name == `"a"`');
    const f2 = counting('name != `"a"`');
    const v1 = channel.filteredView('[filter=1]ch', f1);
    const v2 = channel.filteredView('[filter=2]ch', f2);
    const subs1 = Array.from({ length: 50 }, (_, i) => new Sub(`s${i}`));
    for (const s of subs1) attach(channel, s, v1);
    const s2 = new Sub('only');
    attach(channel, s2, v2);
    const sent = channel.deliver(
      pm([{ name: 'a' }, { name: 'b' }, { name: 'a' }]),
      Flag.SUBSCRIBE,
      null,
      true,
    );
    expect(sent).toBe(1 + 50 + 1);
    expect(f1.calls).toBe(3);
    expect(f2.calls).toBe(3);
    const frame = JSON.parse(subs1[0]!.frames[0] as string);
    expect(frame.channel).toBe('[filter=1]ch');
    expect(frame.messages.map((m: WireMessage) => [m.name, m.id])).toEqual([
      ['a', 'p:0'],
      ['a', 'p:2'],
    ]);
    // Every subscriber of a view gets the one shared frame.
    expect(new Set(subs1.map((s) => s.frames[0])).size).toBe(1);
    expect(JSON.parse(s2.frames[0] as string).messages).toEqual([{ name: 'b', id: 'p:1' }]);
    expect(JSON.parse(plain.frames[0] as string).channel).toBe('ch');
    // Nothing matches: nothing is sent to that view, and presence never reaches views.
    channel.deliver(pm([{ name: 'z' }]), Flag.SUBSCRIBE, null, true);
    expect(subs1[0]!.frames).toHaveLength(1);
    channel.deliver(pm([{ name: 'a' }]), Flag.PRESENCE_SUBSCRIBE, null, false);
    expect(f1.calls).toBe(4);
  });

  test('without filtered attachments the channel keeps no view state', () => {
    const channel = newChannel();
    attach(channel, new Sub('x'));
    expect(channel.filtered).toBeNull();
    const view = channel.filteredView('[filter=1]ch', compileFilter('name'));
    expect(channel.filtered?.size).toBe(1);
    expect(view.attachments.size).toBe(0);
    expect(channel.isIdle()).toBe(false); // the plain attachment
    expect(channel.filtered).toBeNull(); // the unused view was pruned
  });
});

describe('the expression language', () => {
  const msg = (name: string | undefined, headers?: Record<string, unknown>): WireMessage => ({
    ...(name === undefined ? {} : { name }),
    ...(headers ? { extras: { headers } } : {}),
  });
  const m = msg('ice-cream', {
    flavor: 'strawberry',
    cost: 35,
    temp: 3,
    zero: 0,
    empty: '',
    yes: true,
    no: false,
    list: [1, 2],
    obj: { a: 1 },
    'x-key': 'dash',
    ключ: 'значение',
    '🍦': 'emoji',
  });

  test.each([
    ['name == `"ice-cream"`', true],
    ["name == 'ice-cream'", true],
    ['name != `"ice-cream"`', false],
    ['headers.flavor == `"strawberry"` && headers.cost < `50`', true],
    ['name == `"ice-cream"` && headers.flavor == `"strawberry"` && headers.cost < `50`', true],
    ['headers.flavor == `"strawberry"` || headers.flavor == `"chocolate"`', true],
    ['headers.cost <= `35` && headers.cost >= `35` && headers.cost > `34`', true],
    ['headers.cost > `35`', false],
    ['headers.flavor < `"z"`', false], // ordering is for numbers only
    ['headers.cost == `35.0`', true],
    ['headers.cost == `"35"`', false],
    ['headers.yes', true],
    ['headers.no', false],
    ['headers.zero', true], // 0 is truthy in JMESPath
    ['headers.empty', false],
    ['headers.missing', false],
    ['!headers.missing', true],
    ['!headers.yes', false],
    ['headers.missing == `null`', true],
    ['headers.list == `[1, 2]`', true],
    ['headers.obj == `{"a": 1}`', true],
    ['headers.obj.a == `1`', true],
    ['headers.flavor.length == `null`', true],
    ['headers."x-key" == `"dash"`', true],
    ['headers."ключ" == \'значение\'', true],
    ['headers."🍦" == `"emoji"`', true],
    ['headers.constructor', false], // own properties only
    ['headers.__proto__', false],
    ['clientId == `"x"`', false], // only name and headers are in scope
    ['(name == `"x"` || name == `"ice-cream"`) && !(headers.cost > `100`)', true],
    ['name == `"x"` || name == `"ice-cream"` && headers.cost > `100`', false], // && binds tighter
    ['`true`', true],
    ['`foo` == `"foo"`', true], // unquoted backtick strings, as JMESPath libraries accept
    ['  name  ==  `"ice-cream"`  ', true],
  ])('%s → %s', (expression, expected) => {
    expect(compileFilter(expression).matches(m)).toBe(expected);
  });

  test('messages without a name or headers', () => {
    const f = compileFilter('name == `"a"` && headers.n == `1`');
    expect(f.matches(msg(undefined))).toBe(false);
    expect(f.matches(msg('a'))).toBe(false);
    expect(f.matches({ name: 'a', extras: 'not an object' })).toBe(false);
    expect(f.matches({ name: 'a', extras: { headers: [1] } })).toBe(false);
    expect(f.matches(msg('a', { n: 1 }))).toBe(true);
    expect(compileFilter('!headers').matches(msg('a'))).toBe(true);
  });

  const refused: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    ['name ==', /unexpected end of expression at position 7/],
    ['name = `"x"`', /"=" is not an operator/],
    ['headers.n == 5', /numbers are JSON literals/],
    ['contains(name, `"x"`)', /functions are not supported/],
    ['headers[0]', /"\[" is not supported/],
    ['headers.*', /"\*" is not supported/],
    ['name | length', /pipe expressions are not supported/],
    ['@.name', /"@" is not supported/],
    ['(name == `"x"`', /missing "\)"/],
    ['name == `"x"`)', /unexpected \)/],
    ['name == `"x', /unterminated `/],
    ["name == 'x", /unterminated '/],
    ['headers."x', /unterminated "/],
    ['name == `{"a":`', /invalid JSON literal/],
    ['name ~ `1`', /unexpected character "~"/],
    ['name == `1` &&', /unexpected end/],
    ['&& name', /unexpected && at position 0/],
    ['name & headers', /"&" is not supported/],
    ['headers.', /unexpected end/],
    ['headers.`1`', /unexpected literal/],
  ];
  test.each(refused)('refuses %j', (expression, why) => {
    expect(() => compileFilter(expression)).toThrow(why);
    try {
      compileFilter(expression);
    } catch (e) {
      expect(e).toMatchObject({ code: 40010, statusCode: 400 });
    }
  });

  test('hostile input: long, deep, wide, odd bytes — a clean 40010, never a crash or a hang', () => {
    const hostile = [
      'a'.repeat(5000),
      `name == \`"${'x'.repeat(3000)}"\``,
      `${'('.repeat(10_000)}name${')'.repeat(10_000)}`,
      `${'!'.repeat(10_000)}name`,
      Array.from({ length: 1000 }, (_, i) => `headers.h${i} == \`${i}\``).join(' && '),
      `headers.x == \`${'['.repeat(500)}${']'.repeat(500)}\``,
      `headers.x == \`${'['.repeat(100_000)}\``,
      `${'('.repeat(1000)}name${')'.repeat(1000)}`, // short enough, too deep
      `${'!'.repeat(1000)}name`,
      Array.from({ length: 400 }, () => 'a').join(' && '), // short enough, too many nodes
      '\u0000\u0001',
      'name == `"\\ud800"` && \u{1F600}',
    ];
    for (const expression of hostile) {
      let thrown: unknown;
      try {
        compileFilter(expression);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, expression.slice(0, 40)).toMatchObject({ code: 40010, statusCode: 400 });
    }
    // Odd but valid: a quoted identifier with a NUL, a lone surrogate in a literal.
    expect(compileFilter('"\\u0000" == `1`').matches({ name: 'x' })).toBe(false);
    expect(compileFilter('name == `"\\ud800"`').matches({ name: '\ud800' })).toBe(true);
    // Deeply nested headers from a message (not bounded by the expression) stay harmless.
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const f = compileFilter('headers.a == `{"a": {"a": 1}}` || headers.a.a.a.a == `1`');
    expect(f.matches({ name: 'x', extras: { headers: deep } })).toBe(false);
  });

  test('qualified names: base64 (standard or url-safe, padding optional), params, refusals', () => {
    const expr = 'headers.k == `"?>>"`'; // encodes with + and / in standard base64
    const std = b64(expr);
    const url = std.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const enc of [std, url]) {
      const parsed = parseFilteredName(`[filter=${enc}]a:b`);
      expect(parsed.base).toBe('a:b');
      expect(parsed.filter.expression).toBe(expr);
      expect(parsed.params).toBeUndefined();
    }
    expect(parseFilteredName(`[filter=${std}?rewind=1&x=%20y]c`).params).toEqual({
      rewind: '1',
      x: ' y',
    });
    for (const name of [
      '[filter=]c',
      '[filter=a]c', // one base64 char is no byte
      '[filter=a=b]c',
      '[filter=%%%]c',
      '[filter=/w==]c', // 0xff: not UTF-8
      `[filter=${b64('name ==')}]c`,
      `[filter=${b64('x'.repeat(3000))}]c`,
      `[filter=${'A'.repeat(20_000)}]c`,
      '[filter=bmFtZQ==',
      '[meta]c',
      '[?rewind=1]c',
      `[filter=${std}?x=%zz]c`,
    ]) {
      expect(() => parseFilteredName(name), name.slice(0, 40)).toThrow(
        expect.objectContaining({ code: 40010 }),
      );
    }
  });
});

describe('capabilities for qualified names', () => {
  test.each([
    [{ '*': ['*'] }, 'chan', ['publish', 'subscribe']],
    [{ '*': ['*'] }, '[filter=abc]chan', []],
    [{ '[*]*': ['*'] }, 'chan', ['publish', 'subscribe']],
    [{ '[*]*': ['*'] }, '[filter=abc]chan', ['subscribe']],
    [{ '[*]chan': ['subscribe'] }, '[filter=abc]chan', ['subscribe']],
    [{ '[*]chan': ['subscribe'] }, '[filter=abc]other', []],
    [{ '[filter]chan': ['subscribe', 'publish'] }, '[filter=abc?rewind=1]chan', ['subscribe']],
    [{ '[filter]chan': ['subscribe'] }, 'chan', []],
    [{ '[filter]ns:*': ['subscribe'] }, '[filter=abc]ns:x:y', ['subscribe']],
    [{ '[meta]*': ['subscribe'] }, '[filter=abc]chan', []],
    [{ chan: ['subscribe'] }, '[?rewind=1]chan', ['subscribe']],
  ])('%j on %s', (spec, channel, expected) => {
    const ops = new Capability(spec).opsFor(channel);
    const names = [];
    if (ops & 1) names.push('publish');
    if (ops & 2) names.push('subscribe');
    expect(names).toEqual(expected);
  });
});
