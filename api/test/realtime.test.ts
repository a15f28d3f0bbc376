import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import jwt from 'jsonwebtoken';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, channels, TokenResponse } from '../../contract';
import { ablyRestSender } from '../src/realtime/publisher';
import {
  freeDay,
  type Recorded,
  startTestApi,
  type TestApi,
  today,
  waitFor,
  waitForEvent,
} from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function token(name: Parameters<TestApi['as']>[0]) {
  const res = await (await api.as(name)).post('/api/ably/token');
  expect(res.status).toBe(200);
  return TokenResponse.parse(res.body);
}

async function attachError(client: ReturnType<TestApi['clientFor']>, channel: string) {
  try {
    await client.channels.get(channel).attach();
    return null;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

async function createBooking(day: string, time: string, who: 'ava' | 'ben' = 'ava') {
  const res = await (await api.as(who))
    .post('/api/bookings')
    .send({ serviceId: 'sv_cut', date: day, time });
  expect(res.status).toBe(201);
  return res.body.booking as { id: string; staffId: string; version: number };
}

describe('POST /api/ably/token', () => {
  it('is an Ably JWT: HS256, kid = key name, capability and clientId claims, TTL', async () => {
    const t = await token('ava');
    const decoded = jwt.decode(t.token, { complete: true })!;
    expect(decoded.header).toMatchObject({ alg: 'HS256', kid: api.key.split(':')[0] });
    const claims = decoded.payload as Record<string, unknown>;
    expect(claims['x-ably-clientId']).toBe('u_ava');
    expect(JSON.parse(claims['x-ably-capability'] as string)).toEqual(t.capability);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(t.expires).toBe((claims.exp as number) * 1000);
    expect(() => jwt.verify(t.token, api.key.split(':')[1]!)).not.toThrow();
    expect((await api.anon().post('/api/ably/token')).status).toBe(401);
  });

  it('capabilities per role (docs/architecture.md §4), never publish', async () => {
    const ava = await token('ava');
    expect(ava.capability).toEqual({
      'user:u_ava:notifications': ['subscribe'],
      'customer:u_ava:*': ['subscribe'],
      'booking:bk_seed_7': ['subscribe'],
      'booking:bk_seed_6': ['subscribe'],
      'booking:bk_seed_3': ['subscribe'],
      'queue:updates': ['subscribe'],
    });
    const ben = await token('ben');
    expect(ben.capability['session:tk_seed_1:*']).toEqual(['subscribe', 'presence']);
    expect(ben.capability['booking:bk_seed_8']).toBeUndefined(); // declined: terminal
    const mia = await token('mia');
    expect(mia.capability).toEqual({
      'user:u_mia:notifications': ['subscribe'],
      'staff:st_mia:schedule': ['subscribe'],
      'booking:bk_seed_9': ['subscribe'],
      'booking:bk_seed_6': ['subscribe'],
      'booking:bk_seed_4': ['subscribe'],
    });
    const rita = await token('rita');
    expect(rita.capability).toEqual({
      'user:u_rita:notifications': ['subscribe'],
      'admin:*': ['subscribe'],
      'booking:*': ['subscribe'],
      'queue:updates': ['subscribe'],
      'session:*': ['subscribe', 'presence'],
    });
    for (const t of [ava, ben, mia, rita]) {
      expect(Object.values(t.capability).flat()).not.toContain('publish');
    }
  });

  it('the broker enforces it: attaching outside the capability fails with 40160', async () => {
    const ava = api.clientFor(await api.as('ava'));
    expect(await attachError(ava, channels.customerBookings('u_ava'))).toBeNull();
    expect(await attachError(ava, channels.booking('bk_seed_6'))).toBeNull();
    expect(await attachError(ava, channels.booking('bk_seed_4'))).toBe(40160);
    expect(await attachError(ava, channels.adminBookings('br_main'))).toBe(40160);
    expect(await attachError(ava, channels.customerBookings('u_ben'))).toBe(40160);
    expect(await attachError(ava, channels.sessionChat('tk_seed_1'))).toBe(40160);
    const own = ava.channels.get(channels.customerBookings('u_ava'));
    await expect(own.publish('x', {})).rejects.toMatchObject({ code: 40160 });

    const mia = api.clientFor(await api.as('mia'));
    expect(await attachError(mia, channels.staffSchedule('st_mia'))).toBeNull();
    expect(await attachError(mia, channels.staffSchedule('st_leo'))).toBe(40160);
    expect(await attachError(mia, channels.adminSchedule(today()))).toBe(40160);

    const rita = api.clientFor(await api.as('rita'));
    expect(await attachError(rita, channels.adminSchedule(today()))).toBeNull();
    expect(await attachError(rita, channels.customerBookings('u_ava'))).toBe(40160);
  });

  it('after creating a booking the SPA re-authorizes and can follow it', async () => {
    const agent = await api.as('ava');
    const client = api.clientFor(agent);
    await client.connection.whenState('connected');
    const b = await createBooking(freeDay(30), '09:00');
    expect(await attachError(client, channels.booking(b.id))).toBe(40160);
    await client.auth.authorize();
    // A channel that failed on a denied attach must be attached again explicitly.
    await client.channels.get(channels.booking(b.id)).attach();
    const list = await api.record(channels.booking(b.id), client);
    await (await api.as('rita')).patch(`/api/bookings/${b.id}`).send({ action: 'approve' });
    const ev = await waitForEvent(list, 'status.changed');
    expect(ev).toMatchObject({ bookingId: b.id, toStatus: 'confirmed', version: 2 });
  });
});

/** Records every channel, runs the mutation, and expects exactly these (channel, event) pairs. */
async function expectFanout(
  watch: string[],
  mutate: () => Promise<void>,
  expected: Array<[channel: string, event: string]>,
  version?: number,
) {
  await api.publisher.idle(); // earlier steps' events are out before we start listening
  const lists = new Map<string, Recorded[]>();
  for (const ch of watch) lists.set(ch, await api.record(ch));
  await mutate();
  const got: Record<string, unknown>[] = [];
  for (const [channel, event] of expected) {
    const data = await waitForEvent(lists.get(channel)!, event);
    if (version !== undefined && 'version' in data)
      expect(data.version, `${channel} ${event}`).toBe(version);
    got.push(data);
  }
  await api.publisher.idle();
  const all = [...lists.entries()].flatMap(([ch, l]) => l.map((m) => `${ch} ${m.name}`));
  expect(all.sort()).toEqual(expected.map(([c, e]) => `${c} ${e}`).sort());
  return got;
}

describe('fan-out reaches every channel in the docs/architecture.md §5 table', () => {
  const watchFor = (b: { id: string; staffId: string }, day: string, customer = 'u_ava') => [
    channels.customerBookings(customer),
    channels.booking(b.id),
    channels.adminBookings('br_main'),
    channels.staffSchedule('st_mia'),
    channels.staffSchedule('st_leo'),
    channels.staffSchedule('st_zoe'),
    channels.adminSchedule(day),
  ];

  it('create', async () => {
    const day = freeDay(31);
    const watch = [
      channels.customerBookings('u_ben'),
      channels.adminBookings('br_main'),
      channels.adminSchedule(day),
    ];
    await expectFanout(
      watch,
      async () => void (await createBooking(day, '09:00', 'ben')),
      [
        [channels.customerBookings('u_ben'), 'booking.created'],
        [channels.adminBookings('br_main'), 'booking.new'],
        [channels.adminSchedule(day), 'slot.booked'],
      ],
      1,
    );
  });

  it('approve', async () => {
    const day = freeDay(32);
    const b = await createBooking(day, '09:00');
    const [ev] = await expectFanout(
      watchFor(b, day),
      async () => {
        await (await api.as('rita')).patch(`/api/bookings/${b.id}`).send({ action: 'approve' });
      },
      [
        [channels.customerBookings('u_ava'), 'booking.status_changed'],
        [channels.booking(b.id), 'status.changed'],
        [channels.adminBookings('br_main'), 'booking.status_changed'],
        [channels.staffSchedule('st_mia'), 'booking.assigned'],
        [channels.adminSchedule(day), 'slot.booked'],
      ],
      2,
    );
    expect(ev).toMatchObject({
      fromStatus: 'pending',
      toStatus: 'confirmed',
      booking: { id: b.id, status: 'confirmed' },
    });
  });

  it('decline', async () => {
    const day = freeDay(33);
    const b = await createBooking(day, '09:00');
    await expectFanout(
      watchFor(b, day),
      async () => {
        await (await api.as('rita'))
          .patch(`/api/bookings/${b.id}`)
          .send({ action: 'decline', reason: 'Full' });
      },
      [
        [channels.customerBookings('u_ava'), 'booking.status_changed'],
        [channels.booking(b.id), 'status.changed'],
        [channels.adminBookings('br_main'), 'booking.status_changed'],
        [channels.adminSchedule(day), 'slot.released'],
      ],
      2,
    );
  });

  it('cancel of a confirmed booking releases the slot and unassigns the stylist', async () => {
    const day = freeDay(34);
    const b = await createBooking(day, '09:00');
    await (await api.as('rita')).patch(`/api/bookings/${b.id}`).send({ action: 'approve' });
    await api.publisher.idle();
    await expectFanout(
      watchFor(b, day),
      async () => {
        await (await api.as('ava')).patch(`/api/bookings/${b.id}`).send({ action: 'cancel' });
      },
      [
        [channels.customerBookings('u_ava'), 'booking.cancelled'],
        [channels.booking(b.id), 'status.changed'],
        [channels.adminBookings('br_main'), 'booking.cancelled'],
        [channels.staffSchedule('st_mia'), 'booking.unassigned'],
        [channels.adminSchedule(day), 'slot.released'],
      ],
      3,
    );
  });

  it('reschedule of a confirmed booking', async () => {
    const day = freeDay(35);
    const b = await createBooking(day, '09:00');
    await (await api.as('rita')).patch(`/api/bookings/${b.id}`).send({ action: 'approve' });
    await api.publisher.idle();
    const [ev] = await expectFanout(
      watchFor(b, day),
      async () => {
        await (await api.as('ava'))
          .patch(`/api/bookings/${b.id}`)
          .send({ action: 'reschedule', date: day, time: '14:00' });
      },
      [
        [channels.customerBookings('u_ava'), 'booking.rescheduled'],
        [channels.booking(b.id), 'booking.rescheduled'],
        [channels.adminBookings('br_main'), 'booking.rescheduled'],
        [channels.adminSchedule(day), 'slot.released'],
        [channels.adminSchedule(day), 'slot.booked'],
        [channels.staffSchedule('st_mia'), 'booking.rescheduled'],
      ],
      3,
    );
    expect(ev).toMatchObject({ from: { date: day, time: '09:00' }, booking: { time: '14:00' } });
  });

  it('assign of a confirmed booking', async () => {
    const day = freeDay(36);
    const b = await createBooking(day, '09:00');
    await (await api.as('rita')).patch(`/api/bookings/${b.id}`).send({ action: 'approve' });
    await api.publisher.idle();
    await expectFanout(
      watchFor(b, day),
      async () => {
        await (await api.as('rita'))
          .patch(`/api/bookings/${b.id}`)
          .send({ action: 'assign', staffId: 'st_zoe' });
      },
      [
        [channels.customerBookings('u_ava'), 'booking.staff_assigned'],
        [channels.booking(b.id), 'booking.staff_assigned'],
        [channels.adminBookings('br_main'), 'booking.staff_assigned'],
        [channels.adminSchedule(day), 'slot.released'],
        [channels.adminSchedule(day), 'slot.booked'],
        [channels.staffSchedule('st_mia'), 'booking.unassigned'],
        [channels.staffSchedule('st_zoe'), 'booking.assigned'],
      ],
      3,
    );
  });

  it('note', async () => {
    const [ev] = await expectFanout([channels.booking('bk_seed_6')], async () => {
      await (await api.as('mia'))
        .post('/api/bookings/bk_seed_6/notes')
        .send({ text: 'Bring photos' });
    }, [[channels.booking('bk_seed_6'), 'note.added']]);
    expect(ev).toMatchObject({
      bookingId: 'bk_seed_6',
      note: { text: 'Bring photos', authorId: 'u_mia' },
    });
  });

  it('leave request and decision', async () => {
    const day = freeDay(37);
    const leaveCh = channels.adminLeave('br_main');
    let leaveId = '';
    await expectFanout(
      [leaveCh],
      async () => {
        const res = await (await api.as('leo'))
          .post('/api/leave')
          .send({ from: day, to: addDays(day, 1), reason: 'Course' });
        leaveId = res.body.leave.id;
      },
      [[leaveCh, 'leave.requested']],
      1,
    );
    const [, , off] = await expectFanout(
      [
        leaveCh,
        channels.staffSchedule('st_leo'),
        channels.adminSchedule(day),
        channels.adminSchedule(addDays(day, 1)),
      ],
      async () => {
        await (await api.as('olivia')).patch(`/api/leave/${leaveId}`).send({ action: 'approve' });
      },
      [
        [leaveCh, 'leave.decided'],
        [channels.staffSchedule('st_leo'), 'leave.approved'],
        [channels.adminSchedule(day), 'staff.off'],
        [channels.adminSchedule(addDays(day, 1)), 'staff.off'],
      ],
      2,
    );
    expect(off).toMatchObject({ date: day, staffId: 'st_leo', leaveId });
  });

  it('ticket create, claim, message, complete', async () => {
    const queue = channels.queueUpdates();
    let id = '';
    const lists = await api.record(queue);
    const res = await (await api.as('ben'))
      .post('/api/tickets')
      .send({ subject: 'Hi', message: 'First words' });
    id = res.body.ticket.id;
    expect(await waitForEvent(lists, 'queue:update')).toMatchObject({
      ticketId: id,
      action: 'created',
    });
    const chat = channels.sessionChat(id);
    await expectFanout(
      [queue, chat],
      async () => {
        await (await api.as('rita')).post(`/api/tickets/${id}/claim`);
      },
      [
        [queue, 'queue:claimed'],
        [chat, 'session:status'],
      ],
      2,
    );
    const [msg] = await expectFanout([chat], async () => {
      await (await api.as('ben')).post(`/api/tickets/${id}/messages`).send({ content: 'Thanks' });
    }, [[chat, 'chat:message']]);
    expect(msg).toMatchObject({
      sessionId: id,
      senderId: 'u_ben',
      content: 'Thanks',
      senderRole: 'customer',
    });
    const [, status] = await expectFanout(
      [queue, chat],
      async () => {
        await (await api.as('rita')).post(`/api/tickets/${id}/complete`);
      },
      [
        [queue, 'queue:update'],
        [chat, 'session:status'],
      ],
      3,
    );
    expect(status).toMatchObject({
      ticketId: id,
      status: 'completed',
      ticket: { agentId: 'u_rita' },
    });
  });

  it('a customer with their own token hears their booking change live', async () => {
    const client = api.clientFor(await api.as('ava'));
    const list = await api.record(channels.customerBookings('u_ava'), client);
    const b = await createBooking(freeDay(38), '09:00');
    expect(await waitForEvent(list, 'booking.created')).toMatchObject({
      bookingId: b.id,
      version: 1,
    });
  });
});

describe('realtime failures never fail or slow a mutation', () => {
  it('broker refusing connections: 201 fast; the events wait in the outbox, retried', async () => {
    const lines: Array<{ msg?: string }> = [];
    const dead = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    let attempts = 0;
    const send = ablyRestSender({
      key: 'a.b:c',
      local: { host: '127.0.0.1', port: dead },
      timeoutMs: 500,
    });
    const broken = await startTestApi({
      realtime: 'off',
      sender: async (ch, m) => {
        attempts++;
        await send(ch, m);
      },
      logger: pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l)) }),
    });
    try {
      const res = await (await broken.as('ava'))
        .post('/api/bookings')
        .send({ serviceId: 'sv_cut', date: freeDay(40), time: '09:00' });
      expect(res.status).toBe(201);
      // Six channels (below), one batch each, and each is tried again.
      await waitFor(() => attempts >= 12, 5000, 'retries');
      const health = await broken.anon().get('/api/health');
      // customer, admin, schedule, and the three desk members' notifications
      expect(health.body.outbox.pending).toBe(6);
      expect(
        lines.some((l) => l.msg?.startsWith('realtime publish failed; kept in the outbox')),
      ).toBe(true);
    } finally {
      await broken.close();
    }
  });

  it('a realtime service that never answers: the response does not wait for it', async () => {
    // Every publish hangs until the test lets go: if a route waited for one, it never answered.
    const hanging: Array<() => void> = [];
    const broken = await startTestApi({
      realtime: 'off',
      sender: () => new Promise<void>((resolve) => void hanging.push(resolve)),
    });
    try {
      const rita = await broken.as('rita');
      const res = await rita.patch('/api/bookings/bk_seed_6').send({ action: 'approve' });
      expect(res.status).toBe(200);
      await waitFor(() => hanging.length > 0, 5000, 'a publish to be under way');
    } finally {
      for (const release of hanging) release();
      await broken.close();
    }
  });
});

describe('REALTIME=off', () => {
  it('token is 503 REALTIME_UNAVAILABLE; config says off; mutations work', async () => {
    const off = await startTestApi({ realtime: 'off' });
    try {
      const ava = await off.as('ava');
      const t = await ava.post('/api/ably/token');
      expect(t.status).toBe(503);
      expect(t.body.error.code).toBe('REALTIME_UNAVAILABLE');
      expect((await ava.get('/api/config')).body).toEqual({ realtime: { mode: 'off' } });
      const res = await ava
        .post('/api/bookings')
        .send({ serviceId: 'sv_cut', date: freeDay(41), time: '09:00' });
      expect(res.status).toBe(201);
      const rita = await off.as('rita');
      expect(
        (await rita.patch(`/api/bookings/${res.body.booking.id}`).send({ action: 'approve' }))
          .status,
      ).toBe(200);
    } finally {
      await off.close();
    }
  });
});
