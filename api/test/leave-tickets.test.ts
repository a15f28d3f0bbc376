import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, LeaveRequest, MessagesPage, Ticket } from '../../contract';
import { freeDay, startTestApi, type TestApi, today } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ realtime: 'off' });
});
afterAll(() => api.close());

describe('leave', () => {
  it('staff request; manager approves; bookings flagged; days off everywhere', async () => {
    const day = freeDay(12);
    const ava = await api.as('ava');
    const booked = await ava
      .post('/api/bookings')
      .send({ serviceId: 'sv_cut', date: day, time: '10:00', staffId: 'st_zoe' });
    expect(booked.status).toBe(201);
    const zoe = await api.as('zoe');
    const req = await zoe
      .post('/api/leave')
      .send({ from: day, to: addDays(day, 1), reason: 'Wedding' });
    expect(req.status).toBe(201);
    const leave = LeaveRequest.parse(req.body.leave);
    expect(leave).toMatchObject({ status: 'pending', staffId: 'st_zoe', version: 1 });
    expect((await zoe.get('/api/leave')).body.map((l: LeaveRequest) => l.id)).toEqual([leave.id]);
    expect((await (await api.as('rita')).get('/api/leave')).body).toHaveLength(1);

    const rita = await api.as('rita');
    expect((await rita.patch(`/api/leave/${leave.id}`).send({ action: 'approve' })).status).toBe(
      403,
    );
    const max = await api.as('max');
    const ok = await max.patch(`/api/leave/${leave.id}`).send({ action: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body.leave).toMatchObject({
      status: 'approved',
      decidedBy: 'u_max',
      version: 2,
      affectedBookingIds: [booked.body.booking.id],
    });
    const twice = await max.patch(`/api/leave/${leave.id}`).send({ action: 'decline' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/approved/);

    const schedule = await rita.get(`/api/schedule?date=${addDays(day, 1)}`);
    expect(schedule.body.staff.find((s: { id: string }) => s.id === 'st_zoe').off).toBe(true);
    expect(
      schedule.body.slots
        .filter((s: { staffId: string; state: string }) => s.staffId === 'st_zoe')
        .every((s: { state: string }) => s.state === 'off'),
    ).toBe(true);
    const avail = await ava.get(`/api/availability?date=${day}&serviceId=sv_cut`);
    expect(avail.body.some((t: { staffIds: string[] }) => t.staffIds.includes('st_zoe'))).toBe(
      false,
    );
    const onLeave = await ava
      .post('/api/bookings')
      .send({ serviceId: 'sv_cut', date: day, time: '14:00', staffId: 'st_zoe' });
    expect(onLeave.status).toBe(409);
    expect(onLeave.body.error.code).toBe('SLOT_TAKEN');
  });

  it('validation and roles', async () => {
    const mia = await api.as('mia');
    const backwards = await mia
      .post('/api/leave')
      .send({ from: freeDay(20), to: freeDay(19), reason: 'x' });
    expect(backwards.status).toBe(400);
    const past = await mia
      .post('/api/leave')
      .send({ from: addDays(today(), -2), to: today(), reason: 'x' });
    expect(past.status).toBe(400);
    const first = await mia
      .post('/api/leave')
      .send({ from: freeDay(20), to: freeDay(21), reason: 'Trip' });
    expect(first.status).toBe(201);
    const overlap = await mia
      .post('/api/leave')
      .send({ from: freeDay(21), to: freeDay(22), reason: 'x' });
    expect(overlap.status).toBe(409);
    const declined = await (await api.as('olivia'))
      .patch(`/api/leave/${first.body.leave.id}`)
      .send({ action: 'decline' });
    expect(declined.body.leave).toMatchObject({ status: 'declined', affectedBookingIds: [] });
    expect(
      (
        await (
          await api.as('ava')
        )
          .post('/api/leave')
          .send({ from: freeDay(20), to: freeDay(20), reason: 'x' })
      ).status,
    ).toBe(403);
    expect((await (await api.as('ava')).get('/api/leave')).status).toBe(403);
    expect(
      (await (await api.as('max')).patch('/api/leave/lv_nope').send({ action: 'approve' })).status,
    ).toBe(404);
    expect(
      (await (await api.as('max')).patch('/api/leave/lv_nope').send({ action: 'maybe' })).status,
    ).toBe(400);
  });
});

describe('tickets and chat', () => {
  it('customer opens a ticket with its first message and a queue position', async () => {
    const ava = await api.as('ava');
    const res = await ava
      .post('/api/tickets')
      .send({ subject: 'Parking?', message: 'Is there parking nearby?', bookingId: 'bk_seed_6' });
    expect(res.status).toBe(201);
    const t = Ticket.parse(res.body.ticket);
    expect(t).toMatchObject({
      status: 'waiting',
      customerId: 'u_ava',
      bookingId: 'bk_seed_6',
      version: 1,
    });
    expect(t.queuePosition).toBeGreaterThan(1); // Ben's seeded ticket waits ahead
    const page = MessagesPage.parse((await ava.get(`/api/tickets/${t.id}/messages`)).body);
    expect(page).toMatchObject({
      hasMore: false,
      messages: [{ content: 'Is there parking nearby?', senderRole: 'customer' }],
    });
    const list = await ava.get('/api/tickets');
    expect(list.body.every((x: Ticket) => x.customerId === 'u_ava')).toBe(true);
    const notMine = await ava
      .post('/api/tickets')
      .send({ subject: 'x', message: 'y', bookingId: 'bk_seed_4' });
    expect(notMine.status).toBe(400);
    expect(
      (await (await api.as('rita')).post('/api/tickets').send({ subject: 'x', message: 'y' }))
        .status,
    ).toBe(403);
    expect((await (await api.as('mia')).get('/api/tickets')).status).toBe(403);
  });

  it('claim: first wins (concurrently), second 409 ALREADY_CLAIMED; then chat and complete', async () => {
    const ben = await api.as('ben');
    const created = await ben.post('/api/tickets').send({ subject: 'Refund', message: 'Hello?' });
    const id = created.body.ticket.id as string;
    const [rita, max] = [await api.as('rita'), await api.as('max')];
    const claims = await Promise.all([
      rita.post(`/api/tickets/${id}/claim`),
      max.post(`/api/tickets/${id}/claim`),
    ]);
    expect(claims.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = claims.find((r) => r.status === 409)!;
    expect(lost.body.error.code).toBe('ALREADY_CLAIMED');
    const won = claims.find((r) => r.status === 200)!;
    expect(won.body.ticket).toMatchObject({ status: 'active', version: 2, queuePosition: null });
    expect(['u_rita', 'u_max']).toContain(won.body.ticket.agentId);

    const reply = await rita.post(`/api/tickets/${id}/messages`).send({ content: 'Hi Ben!' });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({
      sessionId: id,
      senderId: 'u_rita',
      senderRole: 'receptionist',
    });
    expect((await (await api.as('ava')).get(`/api/tickets/${id}/messages`)).status).toBe(404);
    expect(
      (await (await api.as('ava')).post(`/api/tickets/${id}/messages`).send({ content: 'x' }))
        .status,
    ).toBe(404);
    expect((await ben.post(`/api/tickets/${id}/cancel`)).status).toBe(409);
    const done = await ben.post(`/api/tickets/${id}/complete`);
    expect(done.body.ticket).toMatchObject({ status: 'completed', version: 3 });
    const closed = await ben.post(`/api/tickets/${id}/messages`).send({ content: 'one more' });
    expect(closed.status).toBe(409);
    expect((await rita.post(`/api/tickets/${id}/claim`)).status).toBe(409);
  });

  it('cancel: only its customer, only while waiting; desk filters by status', async () => {
    const ben = await api.as('ben');
    const created = await ben.post('/api/tickets').send({ subject: 'Never mind', message: 'x' });
    const id = created.body.ticket.id as string;
    const rita = await api.as('rita');
    expect((await rita.post(`/api/tickets/${id}/cancel`)).status).toBe(403);
    expect((await (await api.as('ava')).post(`/api/tickets/${id}/cancel`)).status).toBe(404);
    expect((await rita.post(`/api/tickets/${id}/complete`)).status).toBe(409); // not active yet
    const res = await ben.post(`/api/tickets/${id}/cancel`);
    expect(res.body.ticket).toMatchObject({ status: 'cancelled', version: 2 });
    const waiting = await rita.get('/api/tickets?status=waiting');
    expect(waiting.body.every((t: Ticket) => t.status === 'waiting')).toBe(true);
    expect(waiting.body.map((t: Ticket) => t.id)).toContain('tk_seed_1');
    expect((await rita.get('/api/tickets?status=open')).status).toBe(400);
    expect((await rita.post('/api/tickets/tk_nope/claim')).status).toBe(404);
  });

  it('messages paginate newest page first, each page oldest first', async () => {
    const ava = await api.as('ava');
    const created = await ava.post('/api/tickets').send({ subject: 'Chatty', message: 'm0' });
    const id = created.body.ticket.id as string;
    for (let i = 1; i <= 6; i++) {
      await ava.post(`/api/tickets/${id}/messages`).send({ content: `m${i}` });
    }
    const first = await ava.get(`/api/tickets/${id}/messages?limit=3`);
    expect(first.body.messages.map((m: { content: string }) => m.content)).toEqual([
      'm4',
      'm5',
      'm6',
    ]);
    expect(first.body.hasMore).toBe(true);
    const second = await ava.get(
      `/api/tickets/${id}/messages?limit=3&before=${first.body.messages[0].id}`,
    );
    expect(second.body.messages.map((m: { content: string }) => m.content)).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
    const third = await ava.get(
      `/api/tickets/${id}/messages?limit=3&before=${second.body.messages[0].id}`,
    );
    expect(third.body).toMatchObject({ hasMore: false, messages: [{ content: 'm0' }] });
    expect((await ava.get(`/api/tickets/${id}/messages?limit=0`)).status).toBe(400);
    expect((await ava.get(`/api/tickets/${id}/messages?before=msg_nope`)).status).toBe(400);
    expect((await ava.post(`/api/tickets/${id}/messages`).send({ content: '' })).status).toBe(400);
  });
});
