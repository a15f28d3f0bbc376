import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  addDays,
  type Booking,
  BookingResponse,
  localDate,
  MessagesPage,
  Ticket,
  TicketResponse,
  TokenResponse,
  UserResponse,
} from '../../../../contract';
import { server } from '../node';
import { recordPublishes } from '../realtime/publisher';
import { resetMockState, signInAs } from '../testing';

const base = 'http://localhost:3000/api';

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const tomorrow = () => addDays(localDate(), 1);
const inAWeek = () => addDays(localDate(), 7);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => resetMockState());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('auth', () => {
  it('signs in with the demo password and answers me/logout', async () => {
    expect((await call('GET', '/auth/me')).status).toBe(401);
    const login = await call('POST', '/auth/login', {
      email: 'ava@glowdesk.test',
      password: 'glowdesk-demo',
    });
    expect(login.status).toBe(200);
    expect(UserResponse.parse(login.body).user.role).toBe('customer');
    expect((await call('GET', '/auth/me')).body.user.id).toBe('u_ava');
    expect((await call('POST', '/auth/logout')).status).toBe(200);
    expect((await call('GET', '/auth/me')).status).toBe(401);
  });

  it('rejects a wrong password with 401 and bad input with 400 details', async () => {
    const wrong = await call('POST', '/auth/login', { email: 'ava@glowdesk.test', password: 'x' });
    expect(wrong.status).toBe(401);
    expect(ApiErrorBody.parse(wrong.body).error.code).toBe('UNAUTHENTICATED');

    const bad = await call('POST', '/auth/login', { email: 'nope', password: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'email' })]),
    );

    const malformed = await call('POST', '/auth/login', '{nope');
    expect(malformed.status).toBe(400);
  });

  it('registers a customer once; the second time is 409 EMAIL_TAKEN', async () => {
    const body = { name: 'Cleo', email: 'cleo@example.test', password: 'long-enough' };
    const first = await call('POST', '/auth/register', body);
    expect(first.status).toBe(201);
    expect(first.body.user.role).toBe('customer');
    const again = await call('POST', '/auth/register', body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
  });
});

describe('config and token', () => {
  it('announces mock mode and mints an Ably JWT with the contract capability', async () => {
    const config = await call('GET', '/config');
    expect(config.body.realtime.mode).toBe('mock');
    expect((await call('POST', '/ably/token')).status).toBe(401);

    signInAs('ava@glowdesk.test');
    const token = TokenResponse.parse((await call('POST', '/ably/token')).body);
    expect(token.clientId).toBe('u_ava');
    expect(token.capability['customer:u_ava:*']).toEqual(['subscribe']);
    expect(token.capability['booking:*']).toBeUndefined();
    const [header, claims] = token.token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'HS256', kid: 'glowdesk-mock.inpage' });
    expect(JSON.parse(claims['x-ably-capability'])).toEqual(token.capability);
    expect(claims['x-ably-clientId']).toBe('u_ava');
    expect(claims.exp * 1000).toBe(token.expires);
  });
});

describe('bookings', () => {
  it('creates a booking with a stylist, validates input and hides other customers’ bookings', async () => {
    signInAs('ava@glowdesk.test');
    const recorder = recordPublishes();
    const created = await call('POST', '/bookings', {
      serviceId: 'sv_cut',
      date: inAWeek(),
      time: '10:00',
    });
    expect(created.status).toBe(201);
    const booking = BookingResponse.parse(created.body).booking;
    expect(booking).toMatchObject({ status: 'pending', version: 1, customerId: 'u_ava' });
    expect(booking.staffId).not.toBeNull();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(recorder.published.map((p) => p.name)).toContain('booking.new');
    recorder.stop();

    const invalid = await call('POST', '/bookings', {
      serviceId: 'sv_cut',
      date: 'soon',
      time: '10:15',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'date',
      'time',
    ]);
    const unknownField = await call('POST', '/bookings', {
      serviceId: 'sv_cut',
      date: inAWeek(),
      time: '11:00',
      colour: 'red',
    });
    expect(unknownField.status).toBe(400);

    signInAs('ben@glowdesk.test');
    expect((await call('GET', `/bookings/${booking.id}`)).status).toBe(404);
    const bens = (await call('GET', '/bookings')).body as Booking[];
    expect(bens.every((b) => b.customerId === 'u_ben')).toBe(true);
  });

  it('never double-books a stylist: 409 SLOT_TAKEN', async () => {
    signInAs('ava@glowdesk.test');
    const slot = { serviceId: 'sv_style', date: inAWeek(), time: '14:00', staffId: 'st_leo' };
    expect((await call('POST', '/bookings', slot)).status).toBe(201);
    signInAs('ben@glowdesk.test');
    const clash = await call('POST', '/bookings', { ...slot, time: '14:30', serviceId: 'sv_cut' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('SLOT_TAKEN');
    // Without a chosen stylist the first free one gets it.
    const other = await call('POST', '/bookings', { ...slot, staffId: undefined });
    expect(other.status).toBe(201);
    expect(other.body.booking.staffId).not.toBe('st_leo');
  });

  it('follows the state machine: approve once, the second approve is 409 naming the state', async () => {
    signInAs('rita@glowdesk.test');
    const approved = await call('PATCH', '/bookings/bk_seed_6', { action: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.booking).toMatchObject({ status: 'confirmed', version: 2 });
    const again = await call('PATCH', '/bookings/bk_seed_6', { action: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(again.body.error.message).toContain('confirmed');

    const badAction = await call('PATCH', '/bookings/bk_seed_6', { action: 'teleport' });
    expect(badAction.status).toBe(400);
  });

  it('lets a customer cancel their own booking but not approve it', async () => {
    signInAs('ava@glowdesk.test');
    expect((await call('PATCH', '/bookings/bk_seed_6', { action: 'approve' })).status).toBe(403);
    const cancelled = await call('PATCH', '/bookings/bk_seed_6', { action: 'cancel' });
    expect(cancelled.body.booking.status).toBe('cancelled');
    expect((await call('PATCH', '/bookings/bk_seed_4', { action: 'cancel' })).status).toBe(404);
  });

  it('reschedules and reassigns with version +1 each, and adds notes', async () => {
    signInAs('rita@glowdesk.test');
    const moved = await call('PATCH', '/bookings/bk_seed_6', {
      action: 'reschedule',
      date: tomorrow(),
      // 12:00 would overlap Ava's own colour (11:00–12:30): 409 OVERLAPS_OWN_BOOKING.
      time: '13:00',
    });
    expect(moved.body.booking).toMatchObject({ time: '13:00', version: 2 });
    const assigned = await call('PATCH', '/bookings/bk_seed_6', {
      action: 'assign',
      staffId: 'st_zoe',
    });
    expect(assigned.body.booking).toMatchObject({
      staffId: 'st_zoe',
      staffName: 'Zoe',
      version: 3,
    });
    const note = await call('POST', '/bookings/bk_seed_6/notes', { text: 'Prefers a quiet chair' });
    expect(note.status).toBe(201);
    const detail = await call('GET', '/bookings/bk_seed_6');
    expect(detail.body.notes).toHaveLength(1);
    expect(detail.body.booking.version).toBe(3);
  });

  it('serves availability and the desk schedule', async () => {
    expect((await call('GET', `/availability?date=${inAWeek()}&serviceId=sv_cut`)).status).toBe(
      401,
    );
    signInAs('ava@glowdesk.test');
    const times = await call('GET', `/availability?date=${inAWeek()}&serviceId=sv_cut`);
    expect(times.body[0]).toEqual({ time: '09:00', staffIds: ['st_mia', 'st_leo', 'st_zoe'] });
    expect((await call('GET', `/schedule?date=${tomorrow()}`)).status).toBe(403);

    signInAs('rita@glowdesk.test');
    const grid = await call('GET', `/schedule?date=${tomorrow()}`);
    expect(grid.status).toBe(200);
    const cell = grid.body.slots.find(
      (s: { staffId: string; time: string }) => s.staffId === 'st_leo' && s.time === '12:00',
    );
    expect(cell).toMatchObject({ state: 'booked', bookingId: 'bk_seed_7' });
  });
});

describe('leave', () => {
  it('staff request, a manager approves and affected bookings are flagged; the desk cannot book over it', async () => {
    signInAs('mia@glowdesk.test');
    const requested = await call('POST', '/leave', {
      from: tomorrow(),
      to: tomorrow(),
      reason: 'Dentist',
    });
    expect(requested.status).toBe(201);
    const id = requested.body.leave.id;

    signInAs('rita@glowdesk.test');
    expect((await call('PATCH', `/leave/${id}`, { action: 'approve' })).status).toBe(403);

    signInAs('max@glowdesk.test');
    const approved = await call('PATCH', `/leave/${id}`, { action: 'approve' });
    expect(approved.body.leave.status).toBe('approved');
    expect(approved.body.leave.affectedBookingIds).toEqual(['bk_seed_6', 'bk_seed_9']);
    expect((await call('PATCH', `/leave/${id}`, { action: 'decline' })).status).toBe(409);

    signInAs('ava@glowdesk.test');
    const onLeave = await call('POST', '/bookings', {
      serviceId: 'sv_cut',
      date: tomorrow(),
      time: '17:00',
      staffId: 'st_mia',
    });
    expect(onLeave.status).toBe(409);
    expect(onLeave.body.error.code).toBe('SLOT_TAKEN');
  });
});

describe('tickets', () => {
  it('claim: first wins, the next gets 409 ALREADY_CLAIMED', async () => {
    signInAs('rita@glowdesk.test');
    const first = await call('POST', '/tickets/tk_seed_1/claim');
    expect(first.status).toBe(200);
    expect(TicketResponse.parse(first.body).ticket).toMatchObject({
      status: 'active',
      agentId: 'u_rita',
    });
    signInAs('max@glowdesk.test');
    const second = await call('POST', '/tickets/tk_seed_1/claim');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ALREADY_CLAIMED');
  });

  it('races two concurrent claims: exactly one succeeds', async () => {
    signInAs('rita@glowdesk.test');
    const results = await Promise.all([
      call('POST', '/tickets/tk_seed_1/claim'),
      call('POST', '/tickets/tk_seed_1/claim'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('opens a ticket with its first message, shows the queue position, paginates messages', async () => {
    signInAs('ava@glowdesk.test');
    const opened = await call('POST', '/tickets', {
      subject: 'Parking?',
      message: 'Is there parking?',
    });
    expect(opened.status).toBe(201);
    const ticket = Ticket.parse(opened.body.ticket);
    expect(ticket.queuePosition).toBe(2);
    const mine = (await call('GET', '/tickets')).body as Ticket[];
    expect(mine.map((t) => t.id)).toEqual([ticket.id]);
    expect((await call('GET', '/tickets/tk_seed_1/messages')).status).toBe(404);

    for (let i = 1; i <= 4; i++) {
      expect(
        (await call('POST', `/tickets/${ticket.id}/messages`, { content: `m${i}` })).status,
      ).toBe(201);
    }
    const last = MessagesPage.parse(
      (await call('GET', `/tickets/${ticket.id}/messages?limit=2`)).body,
    );
    expect(last.messages.map((m) => m.content)).toEqual(['m3', 'm4']);
    expect(last.hasMore).toBe(true);
    const older = MessagesPage.parse(
      (await call('GET', `/tickets/${ticket.id}/messages?limit=5&before=${last.messages[0]!.id}`))
        .body,
    );
    expect(older.messages.map((m) => m.content)).toEqual(['Is there parking?', 'm1', 'm2']);
    expect(older.hasMore).toBe(false);
    expect((await call('GET', `/tickets/${ticket.id}/messages?limit=0`)).status).toBe(400);

    const cancelled = await call('POST', `/tickets/${ticket.id}/cancel`);
    expect(cancelled.body.ticket).toMatchObject({ status: 'cancelled', queuePosition: null });
    expect((await call('POST', `/tickets/${ticket.id}/messages`, { content: 'late' })).status).toBe(
      409,
    );
  });
});

describe('parity details with the API', () => {
  it('answers like api/: walk-ins confirmed, unknown ids 400, role checks before the body', async () => {
    signInAs('rita@glowdesk.test');
    const walkIn = await call('POST', '/bookings', {
      serviceId: 'sv_cut',
      date: inAWeek(),
      time: '12:00',
      customerId: 'u_ben',
    });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body.booking.status).toBe('confirmed');
    const unknown = await call('POST', '/bookings', {
      serviceId: 'sv_nope',
      date: inAWeek(),
      time: '12:00',
      customerId: 'u_ben',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('serviceId');

    signInAs('mia@glowdesk.test');
    // Staff: 403 before the (invalid) body is even read, like the API's requireRole.
    expect((await call('POST', '/tickets', { nope: true })).status).toBe(403);
    expect((await call('POST', '/tickets/tk_seed_1/claim')).status).toBe(403);
    expect((await call('GET', '/tickets/tk_seed_1/messages')).status).toBe(403);

    signInAs('ava@glowdesk.test');
    expect((await call('PATCH', '/leave/lv_x', { action: 'maybe' })).status).toBe(403);
    const huge = await call('POST', '/tickets', { subject: 'x', message: 'y'.repeat(120_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('publishes the first chat message with a new ticket, and rejects an unknown `before`', async () => {
    signInAs('ava@glowdesk.test');
    const recorder = recordPublishes();
    const opened = await call('POST', '/tickets', { subject: 'Hi', message: 'First words' });
    await new Promise((r) => setTimeout(r, 0));
    recorder.stop();
    expect(recorder.published.map((p) => `${p.channel} ${p.name}`)).toEqual([
      'queue:updates queue:update',
      `session:${opened.body.ticket.id}:chat chat:message`,
      // The desk hears of the new ticket wherever they are (docs/architecture.md §6).
      'user:u_olivia:notifications notification.new',
      'user:u_max:notifications notification.new',
      'user:u_rita:notifications notification.new',
    ]);
    const bad = await call('GET', `/tickets/${opened.body.ticket.id}/messages?before=msg_nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('before');
  });
});

describe('fallbacks', () => {
  it('answers an unknown API route with the API error shape', async () => {
    const res = await call('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
