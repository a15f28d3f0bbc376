import { describe, expect, test } from 'vitest';
import {
  ALL_OPS,
  Capability,
  EffectiveCapability,
  intersectSpecs,
  modesForOps,
  Op,
  resourceMatches,
} from './capability';
import { Flag } from './protocol';

describe('resource matching (Ably segment semantics)', () => {
  test.each([
    ['*', 'anything:at:all', true],
    ['*', 'x', true],
    ['booking:1', 'booking:1', true],
    ['booking:1', 'booking:12', false],
    ['booking:*', 'booking:1', true],
    ['booking:*', 'booking', false],
    ['booking:*', 'bookings:1', false],
    ['customer:u1:*', 'customer:u1:bookings', true],
    ['customer:u1:*', 'customer:u1:a:b', true],
    ['customer:u1:*', 'customer:u2:bookings', false],
    ['customer:u1:*', 'customer:u1', false],
    ['a:*:c', 'a:b:c', true],
    ['a:*:c', 'a:b:x:c', false],
    ['a:*:c', 'a:b', false],
    ['*:schedule', 'staff:schedule', true],
    ['*:schedule', 'staff:7:schedule', false],
    ['admin:*', 'admin:bookings:b1', true],
    ['queue:updates', 'queue:updates:x', false],
  ])('%s vs %s → %s', (resource, channel, expected) => {
    expect(resourceMatches(resource, channel)).toBe(expected);
  });
});

describe('Capability', () => {
  test('unions ops of every matching resource', () => {
    const cap = new Capability({
      'session:*': ['subscribe'],
      'session:t1:*': ['presence'],
    });
    expect(cap.opsFor('session:t1:chat')).toBe(Op.SUBSCRIBE | Op.PRESENCE);
    expect(cap.opsFor('session:t2:chat')).toBe(Op.SUBSCRIBE);
    expect(cap.opsFor('booking:1')).toBe(0);
  });

  test('"*" op means every op; unknown ops are ignored', () => {
    const cap = new Capability({ x: ['*'], y: ['push-admin', 'history'] });
    expect(cap.opsFor('x')).toBe(
      Op.PUBLISH | Op.SUBSCRIBE | Op.PRESENCE | Op.HISTORY | Op.CHANNEL_METADATA | Op.STATS,
    );
    expect(cap.opsFor('y')).toBe(Op.HISTORY);
  });

  test('parse accepts JSON strings and rejects bad shapes with 40003', () => {
    expect(Capability.parse('{"a":["subscribe"]}').opsFor('a')).toBe(Op.SUBSCRIBE);
    expect(() => Capability.parse('not json')).toThrowError(
      expect.objectContaining({ code: 40003 }),
    );
    expect(() => Capability.parse({ a: 'subscribe' })).toThrowError(
      expect.objectContaining({ code: 40003 }),
    );
    expect(() => Capability.parse([])).toThrowError(expect.objectContaining({ code: 40003 }));
  });

  test('effective capability is key ∩ token', () => {
    const key = new Capability({ 'booking:*': ['subscribe', 'publish'], 'queue:updates': ['*'] });
    const token = new Capability({ '*': ['subscribe'] });
    const eff = new EffectiveCapability(key, token);
    expect(eff.opsFor('booking:9')).toBe(Op.SUBSCRIBE);
    expect(eff.opsFor('queue:updates')).toBe(Op.SUBSCRIBE);
    expect(eff.opsFor('admin:x')).toBe(0);
    expect(new EffectiveCapability(key, null).opsFor('booking:9')).toBe(Op.SUBSCRIBE | Op.PUBLISH);
  });

  test('modes: subscribe grants SUBSCRIBE + PRESENCE_SUBSCRIBE, presence grants PRESENCE', () => {
    expect(modesForOps(Op.SUBSCRIBE)).toBe(Flag.SUBSCRIBE | Flag.PRESENCE_SUBSCRIBE);
    expect(modesForOps(Op.PRESENCE)).toBe(Flag.PRESENCE);
    expect(modesForOps(Op.HISTORY)).toBe(0);
  });

  test('token request capability is intersected with the key', () => {
    const key = new Capability({ 'booking:*': ['subscribe'] });
    expect(intersectSpecs(key, new Capability({ 'booking:1': ['subscribe', 'publish'] }))).toEqual({
      'booking:1': ['subscribe'],
    });
    expect(intersectSpecs(key, new Capability({ 'admin:1': ['subscribe'] }))).toEqual({});
    expect(intersectSpecs(Capability.all(), new Capability({ '*': ['*'] }))).toEqual({
      '*': ['*'],
    });
  });

  test('intersection keeps ops the broker does not enforce when the key grants them', () => {
    const key = Capability.parse({
      'feed:*': ['subscribe', 'push-subscribe'],
      'ops:*': ['*'],
      '*': ['history'],
    });
    const asked = Capability.parse({
      'feed:a': ['push-subscribe', 'subscribe', 'push-admin'],
      'ops:1': ['object-publish', 'publish'],
      'other:1': ['push-subscribe', 'history'],
    });
    expect(intersectSpecs(key, asked)).toEqual({
      'feed:a': ['push-subscribe', 'subscribe'],
      'ops:1': ['object-publish', 'publish'],
      'other:1': ['history'],
    });
    // Asking for `*` where the key is narrower: the key's ops on that resource, spelled out.
    expect(intersectSpecs(key, Capability.parse({ 'feed:b': ['*'] }))).toEqual({
      'feed:b': ['history', 'subscribe', 'push-subscribe'],
    });
  });

  test('"*" together with other ops on one resource is an invalid capability (40003)', () => {
    expect(() => Capability.parse({ room: ['*', 'publish'] })).toThrow(
      expect.objectContaining({ code: 40003, statusCode: 400 }),
    );
    expect(Capability.parse({ room: ['*'] }).opsFor('room')).toBe(ALL_OPS);
  });
});
