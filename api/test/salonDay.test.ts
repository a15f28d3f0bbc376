import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, Booking, Branch, localDate } from '../../contract';
import { startTestApi, type TestApi } from './helpers';

// The salon-day routes over HTTP (docs/architecture.md §7): who may call them, what a bad
// body gets, and the shapes they answer. The rules themselves are in the domain suite.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ realtime: 'off' });
});
afterAll(() => api.close());

describe('GET/PATCH /api/branch', () => {
  it('every signed-in user reads it; only the owner changes it, with valid settings', async () => {
    const ava = await api.as('ava');
    const branch = Branch.parse((await ava.get('/api/branch')).body);
    expect(branch).toMatchObject({ id: 'br_main', locale: 'en-IE', currency: 'EUR' });
    expect((await api.anon().get('/api/branch')).status).toBe(401);
    const max = await api.as('max');
    expect((await max.patch('/api/branch').send({ name: 'x' })).status).toBe(403);
    const olivia = await api.as('olivia');
    for (const bad of [
      { timeZone: 'Mars/Olympus' },
      { currency: 'euro' },
      { hours: { ...branch.hours, mon: { open: '18:00', close: '09:00' } } },
      { id: 'br_other' },
      {},
    ]) {
      const res = await olivia.patch('/api/branch').send(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const res = await olivia
      .patch('/api/branch')
      .send({ name: 'Glowdesk Salon', timeZone: branch.timeZone, bookingHorizonDays: 90 });
    expect(res.status).toBe(200);
    expect(Branch.parse(res.body.branch).bookingHorizonDays).toBe(90);
  });
});

describe('GET/POST /api/customers', () => {
  it('the desk searches and adds; customers and staff may not', async () => {
    const rita = await api.as('rita');
    expect((await (await api.as('ava')).get('/api/customers?q=ben')).status).toBe(403);
    expect((await (await api.as('mia')).post('/api/customers').send({ name: 'x' })).status).toBe(
      403,
    );
    expect((await rita.get('/api/customers?q=ben')).body).toEqual([
      {
        id: 'u_ben',
        name: 'Ben',
        email: 'ben@glowdesk.test',
        phone: '+353 85 555 0102',
        hasAccount: true,
      },
    ]);
    expect((await rita.post('/api/customers').send({ name: 'No contact' })).status).toBe(400);
    const added = await rita.post('/api/customers').send({ name: 'Fay', phone: '021 555 7788' });
    expect(added.status).toBe(201);
    expect(added.body.customer).toEqual({
      id: expect.stringMatching(/^cu_/),
      name: 'Fay',
      phone: '021 555 7788',
      hasAccount: false,
    });
    expect((await rita.get('/api/customers?q=5557788')).body[0].name).toBe('Fay');
    // A phone caller has no password: nobody signs in as them.
    const login = await api
      .anon()
      .post('/api/auth/login')
      .send({ email: `${added.body.customer.id}@no-account.invalid`, password: 'anything-at-all' });
    expect(login.status).toBe(401);
  });
});

describe('multi-service bookings over HTTP', () => {
  it('serviceIds, the booking shape, set_services and the next free day', async () => {
    const rita = await api.as('rita');
    const day = addDays(localDate(new Date(), (await rita.get('/api/branch')).body.timeZone), 6);
    const res = await rita.post('/api/bookings').send({
      serviceIds: ['sv_cut', 'sv_blowdry'],
      date: day,
      time: '10:00',
      customerId: 'u_ben',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const booking = Booking.parse(res.body.booking);
    expect(booking).toMatchObject({
      durationMin: 60,
      priceCents: 6000,
      source: 'desk',
      needsStaff: false,
      customerPhone: '+353 85 555 0102',
    });
    expect(
      (await rita.post('/api/bookings').send({ serviceIds: [], date: day, time: '10:00' })).status,
    ).toBe(400);
    const grown = await rita
      .patch(`/api/bookings/${booking.id}`)
      .send({ action: 'set_services', serviceIds: ['sv_cut', 'sv_blowdry', 'sv_cut'] });
    expect(grown.status).toBe(200);
    expect(grown.body.booking.durationMin).toBe(90);
    const own = await (await api.as('ben'))
      .post('/api/bookings')
      .send({ serviceIds: ['sv_cut'], date: day, time: '11:00' });
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('OVERLAPS_OWN_BOOKING');
    const next = await rita.get(
      `/api/availability/next-day?date=${day}&serviceIds=sv_cut,sv_colour&staffId=st_zoe`,
    );
    expect(next.status).toBe(200);
    expect(next.body.next.date).toBe(addDays(day, 1));
  });
});

describe('GET /api/leave/:id/impact', () => {
  it('managers and the owner see what a leave would strand', async () => {
    const leo = await api.as('leo');
    const day = addDays(localDate(new Date(), (await leo.get('/api/branch')).body.timeZone), 9);
    const rita = await api.as('rita');
    const b = await rita.post('/api/bookings').send({
      serviceIds: ['sv_cut'],
      date: day,
      time: '12:00',
      staffId: 'st_leo',
      customerId: 'u_ava',
    });
    expect(b.status).toBe(201);
    const asked = await leo.post('/api/leave').send({ from: day, to: day, reason: 'Course' });
    const id = asked.body.leave.id as string;
    expect((await rita.get(`/api/leave/${id}/impact`)).status).toBe(403);
    const impact = await (await api.as('max')).get(`/api/leave/${id}/impact`);
    expect(impact.body.bookings).toEqual([
      {
        booking: expect.objectContaining({ id: b.body.booking.id }),
        freeStaffIds: ['st_mia', 'st_zoe'],
      },
    ]);
    const approved = await (await api.as('olivia'))
      .patch(`/api/leave/${id}`)
      .send({ action: 'approve', reassign: [{ bookingId: b.body.booking.id, staffId: 'st_mia' }] });
    expect(approved.status).toBe(200);
    const moved = await rita.get(`/api/bookings/${b.body.booking.id}`);
    expect(moved.body.booking).toMatchObject({ staffId: 'st_mia', needsStaff: false });
  });
});
