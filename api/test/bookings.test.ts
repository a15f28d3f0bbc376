import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays, Booking, BookingDetailResponse, Schedule } from '../../contract';
import { freeDay, startTestApi, type TestApi, today } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ realtime: 'off' });
});
afterAll(() => api.close());

const tomorrow = () => addDays(today(), 1);

/** Requests `book` made that may still be pending: their customer withdraws them before the next test. */
const made: Array<{ who: 'ava' | 'ben'; id: string }> = [];

/** A customer's request (Ava's unless `who`): a customer never holds two overlapping ones. */
async function book(
  day: string,
  time: string,
  extra: Record<string, unknown> = {},
  who: 'ava' | 'ben' = 'ava',
) {
  const customer = await api.as(who);
  const res = await customer
    .post('/api/bookings')
    .send({ serviceId: 'sv_cut', date: day, time, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  made.push({ who, id: res.body.booking.id });
  return Booking.parse(res.body.booking);
}

/** A phone customer the desk adds (a fresh person: no bookings yet). */
async function phoneCustomer(name: string): Promise<string> {
  const rita = await api.as('rita');
  const phone = `+1 555 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const res = await rita.post('/api/customers').send({ name, phone });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.customer.id as string;
}

// A customer waits on at most 5 requests at once (docs/architecture.md §6); every test starts
// with the requests of earlier tests withdrawn, so each test has that room.
beforeEach(async () => {
  for (const { who, id } of made.splice(0)) {
    await (await api.as(who)).patch(`/api/bookings/${id}`).send({ action: 'cancel' });
  }
});

describe('catalog', () => {
  it('services and staff for signed-in users, 401 otherwise', async () => {
    const ava = await api.as('ava');
    const services = await ava.get('/api/services');
    expect(services.body).toContainEqual({
      id: 'sv_cut',
      name: 'Haircut',
      durationMin: 30,
      priceCents: 3500,
    });
    expect((await ava.get('/api/staff')).body).toEqual([
      { id: 'st_mia', name: 'Mia', userId: 'u_mia' },
      { id: 'st_leo', name: 'Leo', userId: 'u_leo' },
      { id: 'st_zoe', name: 'Zoe', userId: 'u_zoe' },
    ]);
    expect((await api.anon().get('/api/services')).status).toBe(401);
  });

  it('availability: free start times with the stylists free then', async () => {
    const ava = await api.as('ava');
    const res = await ava.get(`/api/availability?date=${tomorrow()}&serviceId=sv_cut`);
    expect(res.status).toBe(200);
    const at10 = res.body.find((t: { time: string }) => t.time === '10:00');
    expect(at10.staffIds).toEqual(['st_leo', 'st_zoe']); // Mia has bk_seed_6 at 10:00
    expect(res.body.at(-1).time).toBe('17:30');
    const colour = await ava.get(`/api/availability?date=${tomorrow()}&serviceId=sv_colour`);
    expect(colour.body.at(-1).time).toBe('16:30'); // 90 min must end by 18:00
    const mia = await ava.get(
      `/api/availability?date=${tomorrow()}&serviceId=sv_cut&staffId=st_mia`,
    );
    expect(mia.body.find((t: { time: string }) => t.time === '10:00')).toBeUndefined();
    const past = await ava.get(`/api/availability?date=${addDays(today(), -1)}&serviceId=sv_cut`);
    expect(past.body).toEqual([]);
    expect((await ava.get('/api/availability?date=soon&serviceId=sv_cut')).status).toBe(400);
    expect((await ava.get(`/api/availability?date=${tomorrow()}&serviceId=sv_x`)).status).toBe(400);
  });
});

describe('GET /api/bookings', () => {
  it('customer sees own, staff assigned, desk the branch (with filters)', async () => {
    const ava = await (await api.as('ava')).get('/api/bookings');
    expect(ava.body.every((b: Booking) => b.customerId === 'u_ava')).toBe(true);
    expect(ava.body.map((b: Booking) => b.id)).toContain('bk_seed_6');
    const mia = await (await api.as('mia')).get('/api/bookings');
    expect(mia.body.every((b: Booking) => b.staffId === 'st_mia')).toBe(true);
    const desk = await (await api.as('rita')).get(`/api/bookings?status=pending&date=${today()}`);
    expect(desk.body.map((b: Booking) => b.id)).toEqual(['bk_seed_4']);
    const bad = await (await api.as('rita')).get('/api/bookings?status=lost');
    expect(bad.status).toBe(400);
  });

  it('detail: owner, desk and assigned staff; 404 for anyone else', async () => {
    const ava = await api.as('ava');
    const own = await ava.get('/api/bookings/bk_seed_6');
    expect(own.status).toBe(200);
    expect(BookingDetailResponse.parse(own.body).booking.id).toBe('bk_seed_6');
    expect((await ava.get('/api/bookings/bk_seed_4')).status).toBe(404); // Ben's
    expect((await ava.get('/api/bookings/bk_nope')).status).toBe(404);
    expect((await (await api.as('mia')).get('/api/bookings/bk_seed_6')).status).toBe(200);
    expect((await (await api.as('leo')).get('/api/bookings/bk_seed_6')).status).toBe(404);
    expect((await (await api.as('olivia')).get('/api/bookings/bk_seed_6')).status).toBe(200);
    expect((await ava.get('/api/bookings/bad%20id')).status).toBe(400);
  });
});

describe('POST /api/bookings', () => {
  it('customer books: pending, first free stylist, version 1, note stored', async () => {
    const day = freeDay(3);
    const first = await book(day, '10:00', { note: 'Short please' });
    expect(first).toMatchObject({
      status: 'pending',
      staffId: 'st_mia',
      version: 1,
      customerId: 'u_ava',
      serviceName: 'Haircut',
      durationMin: 30,
    });
    const second = await book(day, '10:00', {}, 'ben');
    expect(second.staffId).toBe('st_leo');
    const detail = await (await api.as('ava')).get(`/api/bookings/${first.id}`);
    expect(detail.body.notes).toMatchObject([{ text: 'Short please', authorId: 'u_ava' }]);
  });

  it('a taken stylist or a full slot is 409 SLOT_TAKEN', async () => {
    const day = freeDay(4);
    await book(day, '11:00', { staffId: 'st_zoe' });
    const ben = await api.as('ben');
    const clash = await ben
      .post('/api/bookings')
      .send({ serviceId: 'sv_style', date: day, time: '10:30', staffId: 'st_zoe' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('SLOT_TAKEN');
    await book(day, '11:00', {}, 'ben');
    const rita = await api.as('rita');
    const third = await rita.post('/api/bookings').send({
      serviceId: 'sv_cut',
      date: day,
      time: '11:00',
      customerId: await phoneCustomer('Cy'),
    });
    expect(third.status).toBe(201);
    const full = await rita.post('/api/bookings').send({
      serviceId: 'sv_cut',
      date: day,
      time: '11:00',
      customerId: await phoneCustomer('Di'),
    });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_TAKEN');
  });

  it('past, outside hours, off-grid, unknown ids, extra fields → 400', async () => {
    const ava = await api.as('ava');
    const send = (b: Record<string, unknown>) =>
      ava
        .post('/api/bookings')
        .send({ serviceId: 'sv_cut', date: freeDay(5), time: '10:00', ...b });
    expect((await send({ date: addDays(today(), -1) })).status).toBe(400);
    expect((await send({ time: '08:30' })).status).toBe(400);
    expect((await send({ serviceId: 'sv_colour', time: '17:00' })).status).toBe(400);
    expect((await send({ time: '10:15' })).status).toBe(400);
    expect((await send({ serviceId: 'sv_nope' })).status).toBe(400);
    expect((await send({ staffId: 'st_nope' })).status).toBe(400);
    expect((await send({ colour: 'red' })).status).toBe(400);
  });

  it('walk-ins: desk books for a customer (confirmed); rules per role', async () => {
    const rita = await api.as('rita');
    const day = freeDay(5);
    const res = await rita
      .post('/api/bookings')
      .send({ serviceId: 'sv_cut', date: day, time: '12:00', customerId: 'u_ben' });
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({
      customerId: 'u_ben',
      status: 'confirmed',
      version: 1,
    });
    const noCustomer = await rita
      .post('/api/bookings')
      .send({ serviceId: 'sv_cut', date: day, time: '12:00' });
    expect(noCustomer.status).toBe(400);
    const notCustomer = await rita
      .post('/api/bookings')
      .send({ serviceId: 'sv_cut', date: day, time: '12:00', customerId: 'u_mia' });
    expect(notCustomer.status).toBe(400);
    const forOther = await (await api.as('ava'))
      .post('/api/bookings')
      .send({ serviceId: 'sv_cut', date: day, time: '12:00', customerId: 'u_ben' });
    expect(forOther.status).toBe(403);
    const staff = await (await api.as('mia'))
      .post('/api/bookings')
      .send({ serviceId: 'sv_cut', date: day, time: '12:00' });
    expect(staff.status).toBe(403);
  });
});

describe('PATCH /api/bookings/:id', () => {
  it('approve → confirmed, version +1; a second approve is 409 naming the state', async () => {
    const b = await book(freeDay(6), '09:00');
    const rita = await api.as('rita');
    const ok = await rita.patch(`/api/bookings/${b.id}`).send({ action: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body.booking).toMatchObject({ status: 'confirmed', version: 2 });
    const again = await rita.patch(`/api/bookings/${b.id}`).send({ action: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(again.body.error.message).toMatch(/confirmed/);
  });

  it('concurrent double approve: exactly one 200 and one 409', async () => {
    const b = await book(freeDay(6), '10:00');
    const [rita, max] = [await api.as('rita'), await api.as('max')];
    const results = await Promise.all([
      rita.patch(`/api/bookings/${b.id}`).send({ action: 'approve' }),
      max.patch(`/api/bookings/${b.id}`).send({ action: 'approve' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const detail = await rita.get(`/api/bookings/${b.id}`);
    expect(detail.body.booking.version).toBe(2);
  });

  it('approve with staffId moves to a free stylist; a busy one is 409', async () => {
    const day = freeDay(6);
    const b = await book(day, '11:00'); // Mia
    await book(day, '11:00', {}, 'ben'); // Leo
    const rita = await api.as('rita');
    const busy = await rita
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'approve', staffId: 'st_leo' });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('SLOT_TAKEN');
    const moved = await rita
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'approve', staffId: 'st_zoe' });
    expect(moved.body.booking).toMatchObject({
      status: 'confirmed',
      staffId: 'st_zoe',
      version: 2,
    });
  });

  it('decline, cancel (customer), complete, no_show follow the state machine', async () => {
    const day = freeDay(7);
    const rita = await api.as('rita');
    const ava = await api.as('ava');
    const a = await book(day, '09:00');
    const declined = await rita
      .patch(`/api/bookings/${a.id}`)
      .send({ action: 'decline', reason: 'Closed for training' });
    expect(declined.body.booking.status).toBe('declined');
    const b = await book(day, '10:00');
    const cancelled = await ava.patch(`/api/bookings/${b.id}`).send({ action: 'cancel' });
    expect(cancelled.body.booking).toMatchObject({ status: 'cancelled', version: 2 });
    const c = await book(day, '11:00');
    const early = await rita.patch(`/api/bookings/${c.id}`).send({ action: 'complete' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/pending/);
    await rita.patch(`/api/bookings/${c.id}`).send({ action: 'approve' });
    const done = await rita.patch(`/api/bookings/${c.id}`).send({ action: 'complete' });
    expect(done.body.booking).toMatchObject({ status: 'completed', version: 3 });
    const d = await book(day, '12:00');
    await rita.patch(`/api/bookings/${d.id}`).send({ action: 'approve' });
    const ns = await rita.patch(`/api/bookings/${d.id}`).send({ action: 'no_show' });
    expect(ns.body.booking.status).toBe('no_show');
  });

  it('roles: customers only cancel/reschedule their own; staff change nothing', async () => {
    const b = await book(freeDay(8), '09:00');
    const ava = await api.as('ava');
    expect((await ava.patch(`/api/bookings/${b.id}`).send({ action: 'approve' })).status).toBe(403);
    const ben = await api.as('ben');
    expect((await ben.patch(`/api/bookings/${b.id}`).send({ action: 'cancel' })).status).toBe(404);
    const mia = await api.as('mia');
    expect((await mia.patch(`/api/bookings/${b.id}`).send({ action: 'complete' })).status).toBe(
      403,
    );
    expect((await ava.patch(`/api/bookings/${b.id}`).send({ action: 'fly' })).status).toBe(400);
    expect((await ava.patch('/api/bookings/bk_nope').send({ action: 'cancel' })).status).toBe(404);
    expect(
      (await api.anon().patch(`/api/bookings/${b.id}`).send({ action: 'cancel' })).status,
    ).toBe(401);
  });

  it('reschedule keeps the stylist when free, else moves; version +1', async () => {
    const day = freeDay(9);
    const b = await book(day, '09:00'); // Mia
    const ava = await api.as('ava');
    const moved = await ava
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'reschedule', date: day, time: '14:00' });
    expect(moved.body.booking).toMatchObject({ time: '14:00', staffId: 'st_mia', version: 2 });
    const other = await book(day, '15:00', {}, 'ben'); // Mia is free at 15:00 → Mia
    expect(other.staffId).toBe('st_mia');
    const again = await ava
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'reschedule', date: day, time: '15:00' });
    expect(again.body.booking).toMatchObject({ time: '15:00', staffId: 'st_leo', version: 3 });
    const past = await ava
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'reschedule', date: addDays(today(), -1), time: '15:00' });
    expect(past.status).toBe(400);
    await ava.patch(`/api/bookings/${b.id}`).send({ action: 'cancel' });
    const late = await ava
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'reschedule', date: day, time: '16:00' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/cancelled/);
  });

  it('assign moves to another stylist; busy → 409; unknown → 400', async () => {
    const day = freeDay(10);
    const b = await book(day, '09:00'); // Mia
    await book(day, '09:00', {}, 'ben'); // Leo
    const rita = await api.as('rita');
    const busy = await rita
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'assign', staffId: 'st_leo' });
    expect(busy.status).toBe(409);
    const unknown = await rita
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'assign', staffId: 'st_nobody' });
    expect(unknown.status).toBe(400);
    const ok = await rita
      .patch(`/api/bookings/${b.id}`)
      .send({ action: 'assign', staffId: 'st_zoe' });
    expect(ok.body.booking).toMatchObject({ staffId: 'st_zoe', staffName: 'Zoe', version: 2 });
  });
});

describe('notes and schedule', () => {
  it('desk and assigned staff add notes; customers may not', async () => {
    const rita = await api.as('rita');
    const res = await rita.post('/api/bookings/bk_seed_6/notes').send({ text: 'Prefers Mia' });
    expect(res.status).toBe(201);
    expect(res.body.note).toMatchObject({ bookingId: 'bk_seed_6', authorName: 'Rita' });
    const mia = await api.as('mia');
    expect((await mia.post('/api/bookings/bk_seed_6/notes').send({ text: 'ok' })).status).toBe(201);
    const leo = await api.as('leo');
    expect((await leo.post('/api/bookings/bk_seed_6/notes').send({ text: 'x' })).status).toBe(404);
    const ava = await api.as('ava');
    expect((await ava.post('/api/bookings/bk_seed_6/notes').send({ text: 'x' })).status).toBe(403);
    expect((await rita.post('/api/bookings/bk_seed_6/notes').send({ text: '  ' })).status).toBe(
      400,
    );
    const detail = await ava.get('/api/bookings/bk_seed_6');
    expect(detail.body.notes.map((n: { text: string }) => n.text)).toEqual(['Prefers Mia', 'ok']);
  });

  it('schedule: desk only; every stylist × cell with booked/free and the day’s bookings', async () => {
    const rita = await api.as('rita');
    const res = await rita.get(`/api/schedule?date=${tomorrow()}`);
    expect(res.status).toBe(200);
    const s = Schedule.parse(res.body);
    expect(s.staff.map((x) => x.id)).toEqual(['st_mia', 'st_leo', 'st_zoe']);
    expect(s.slots).toHaveLength(3 * 18);
    const cell = (staffId: string, time: string) =>
      s.slots.find((x) => x.staffId === staffId && x.time === time);
    expect(cell('st_mia', '10:00')).toMatchObject({ state: 'booked', bookingId: 'bk_seed_6' });
    expect(cell('st_leo', '12:00')).toMatchObject({ state: 'booked', bookingId: 'bk_seed_7' });
    expect(cell('st_leo', '12:30')?.state).toBe('free');
    expect(cell('st_zoe', '13:00')?.state).toBe('free'); // declined releases
    expect(s.bookings.map((b) => b.id)).toContain('bk_seed_8');
    expect((await (await api.as('mia')).get(`/api/schedule?date=${tomorrow()}`)).status).toBe(403);
    expect((await rita.get('/api/schedule')).status).toBe(400);
  });
});
