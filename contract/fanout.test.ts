import { describe, expect, it } from 'vitest';
import type { Booking } from './entities';
import { MAX_PUBLISHES_PER_CHANGE, planPublishes } from './fanout';
import { MAX_LEAVE_DAYS } from './limits';
import { LeaveRequestBody } from './requests';

// The docs/architecture.md §5 table, one mutation at a time: which channel hears which event.

const base: Booking = {
  id: 'bk_1',
  customerId: 'u_ava',
  customerName: 'Ava',
  services: [{ id: 'sv_cut', name: 'Cut', durationMin: 60, priceCents: 3500 }],
  serviceId: 'sv_cut',
  serviceName: 'Cut',
  priceCents: 3500,
  staffId: 'st_mia',
  staffName: 'Mia',
  branchId: 'br_main',
  date: '2026-11-23',
  time: '10:00',
  durationMin: 60,
  status: 'pending',
  needsStaff: false,
  source: 'online',
  version: 1,
  createdAt: '2026-11-22T09:00:00.000Z',
  updatedAt: '2026-11-22T09:00:00.000Z',
};

const next = (b: Booking, patch: Partial<Booking>): Booking => ({
  ...b,
  ...patch,
  version: b.version + 1,
});
const routes = (list: ReturnType<typeof planPublishes>) =>
  list.map((p) => `${p.channel} ${p.name}`);

describe('planPublishes', () => {
  it('create: customer list, desk queue, schedule slot', () => {
    expect(routes(planPublishes({ kind: 'booking.created', booking: base }))).toEqual([
      'customer:u_ava:bookings booking.created',
      'admin:bookings:br_main booking.new',
      'admin:schedule:2026-11-23 slot.booked',
    ]);
  });

  it("approve: the architecture doc's example, every event carrying the new version", () => {
    const after = next(base, { status: 'confirmed' });
    const out = planPublishes({ kind: 'booking.status', action: 'approve', before: base, after });
    expect(routes(out)).toEqual([
      'customer:u_ava:bookings booking.status_changed',
      'booking:bk_1 status.changed',
      'admin:bookings:br_main booking.status_changed',
      'staff:st_mia:schedule booking.assigned',
      'admin:schedule:2026-11-23 slot.booked',
    ]);
    for (const p of out) expect((p.data as { version: number }).version).toBe(2);
    expect(out[0]?.data).toMatchObject({
      fromStatus: 'pending',
      toStatus: 'confirmed',
      booking: after,
    });
  });

  it('approve with a different stylist releases the tentative cell', () => {
    const after = next(base, { status: 'confirmed', staffId: 'st_leo', staffName: 'Leo' });
    const out = planPublishes({ kind: 'booking.status', action: 'approve', before: base, after });
    expect(routes(out)).toContain('admin:schedule:2026-11-23 slot.released');
    expect(out.find((p) => p.name === 'slot.released')?.data).toMatchObject({ staffId: 'st_mia' });
    expect(out.find((p) => p.name === 'slot.booked')?.data).toMatchObject({ staffId: 'st_leo' });
  });

  it('cancel of a confirmed booking releases the slot and unassigns the stylist', () => {
    const confirmed = next(base, { status: 'confirmed' });
    const after = next(confirmed, { status: 'cancelled' });
    expect(
      routes(planPublishes({ kind: 'booking.status', action: 'cancel', before: confirmed, after })),
    ).toEqual([
      'customer:u_ava:bookings booking.cancelled',
      'booking:bk_1 status.changed',
      'admin:bookings:br_main booking.cancelled',
      'staff:st_mia:schedule booking.unassigned',
      'admin:schedule:2026-11-23 slot.released',
    ]);
  });

  it('decline releases the slot; no-show tells the desk by name', () => {
    const declined = next(base, { status: 'declined' });
    expect(
      routes(
        planPublishes({ kind: 'booking.status', action: 'decline', before: base, after: declined }),
      ),
    ).toContain('admin:schedule:2026-11-23 slot.released');
    const confirmed = next(base, { status: 'confirmed' });
    const noShow = next(confirmed, { status: 'no_show' });
    expect(
      routes(
        planPublishes({
          kind: 'booking.status',
          action: 'no_show',
          before: confirmed,
          after: noShow,
        }),
      ),
    ).toEqual([
      'customer:u_ava:bookings booking.status_changed',
      'booking:bk_1 status.changed',
      'admin:bookings:br_main booking.no_show',
      'admin:schedule:2026-11-23 slot.booked',
    ]);
  });

  it('reschedule moves the slot between days and tells the stylist', () => {
    const confirmed = next(base, { status: 'confirmed' });
    const after = next(confirmed, { date: '2026-11-24', time: '14:00' });
    const out = planPublishes({ kind: 'booking.rescheduled', before: confirmed, after });
    expect(routes(out)).toEqual([
      'customer:u_ava:bookings booking.rescheduled',
      'booking:bk_1 booking.rescheduled',
      'admin:bookings:br_main booking.rescheduled',
      'admin:schedule:2026-11-23 slot.released',
      'admin:schedule:2026-11-24 slot.booked',
      'staff:st_mia:schedule booking.rescheduled',
    ]);
    expect(out[0]?.data).toMatchObject({ from: { date: '2026-11-23', time: '10:00' } });
  });

  it('assign moves a confirmed booking from one stylist to another', () => {
    const confirmed = next(base, { status: 'confirmed' });
    const after = next(confirmed, { staffId: 'st_zoe', staffName: 'Zoe' });
    expect(routes(planPublishes({ kind: 'booking.assigned', before: confirmed, after }))).toEqual([
      'customer:u_ava:bookings booking.staff_assigned',
      'booking:bk_1 booking.staff_assigned',
      'admin:bookings:br_main booking.staff_assigned',
      'admin:schedule:2026-11-23 slot.released',
      'admin:schedule:2026-11-23 slot.booked',
      'staff:st_mia:schedule booking.unassigned',
      'staff:st_zoe:schedule booking.assigned',
    ]);
  });

  it('services changed: the three tracking channels, the stylist, and the cells when it grows', () => {
    const confirmed = next(base, { status: 'confirmed' });
    const blowdry = { id: 'sv_blowdry', name: 'Blow-dry', durationMin: 30, priceCents: 2500 };
    const longer = next(confirmed, {
      services: [...confirmed.services, blowdry],
      durationMin: 90,
      priceCents: 6000,
    });
    const planned = planPublishes({ kind: 'booking.services', before: confirmed, after: longer });
    expect(routes(planned)).toEqual([
      'customer:u_ava:bookings booking.services_changed',
      'booking:bk_1 booking.services_changed',
      'admin:bookings:br_main booking.services_changed',
      'admin:schedule:2026-11-23 slot.released',
      'admin:schedule:2026-11-23 slot.booked',
      'staff:st_mia:schedule booking.services_changed',
    ]);
    expect(planned[0]?.data).toMatchObject({ fromServiceIds: ['sv_cut'], fromDurationMin: 60 });
    // Same length (one 60-minute service for another): no cell is released, the block relabels.
    const swapped = next(confirmed, {
      services: [{ id: 'sv_style', name: 'Cut & style', durationMin: 60, priceCents: 5500 }],
    });
    expect(
      routes(planPublishes({ kind: 'booking.services', before: confirmed, after: swapped })),
    ).not.toContain('admin:schedule:2026-11-23 slot.released');
  });

  it('a booking stranded by leave leaves the stylist and the grid, and tells the customer', () => {
    const confirmed = next(base, { status: 'confirmed' });
    const stranded = next(confirmed, { staffId: null, staffName: null, needsStaff: true });
    expect(
      routes(planPublishes({ kind: 'booking.assigned', before: confirmed, after: stranded })),
    ).toEqual([
      'customer:u_ava:bookings booking.staff_assigned',
      'booking:bk_1 booking.staff_assigned',
      'admin:bookings:br_main booking.staff_assigned',
      'admin:schedule:2026-11-23 slot.released',
      'staff:st_mia:schedule booking.unassigned',
    ]);
  });

  it('notes go to the booking channel only', () => {
    const note = {
      id: 'nt_1',
      bookingId: 'bk_1',
      authorId: 'u_rita',
      authorName: 'Rita',
      text: 'Allergic to ammonia',
      createdAt: '2026-11-22T10:00:00.000Z',
    };
    expect(routes(planPublishes({ kind: 'note.added', booking: base, note }))).toEqual([
      'booking:bk_1 note.added',
    ]);
  });

  it('leave approval marks each day off on the schedule', () => {
    const leave = {
      id: 'lv_1',
      staffId: 'st_mia',
      staffName: 'Mia',
      branchId: 'br_main',
      from: '2026-11-23',
      to: '2026-11-24',
      reason: 'Holiday',
      status: 'approved' as const,
      decidedBy: 'u_max',
      affectedBookingIds: ['bk_1'],
      version: 2,
      createdAt: '2026-11-22T10:00:00.000Z',
      updatedAt: '2026-11-22T11:00:00.000Z',
    };
    expect(routes(planPublishes({ kind: 'leave.decided', leave }))).toEqual([
      'admin:leave:br_main leave.decided',
      'staff:st_mia:schedule leave.approved',
      'admin:schedule:2026-11-23 staff.off',
      'admin:schedule:2026-11-24 staff.off',
    ]);
    expect(
      routes(planPublishes({ kind: 'leave.decided', leave: { ...leave, status: 'declined' } })),
    ).toEqual(['admin:leave:br_main leave.decided', 'staff:st_mia:schedule leave.declined']);

    // Whatever is stored (a leave to 9999-12-31 from before the limit existed), the plan stays
    // bounded: one staff.off per day for at most MAX_LEAVE_DAYS days, and always under the cap.
    const endless = { ...leave, to: '9999-12-31' };
    const planned = planPublishes({ kind: 'leave.decided', leave: endless });
    expect(planned.filter((p) => p.name === 'staff.off')).toHaveLength(MAX_LEAVE_DAYS);
    expect(planned.length).toBeLessThanOrEqual(MAX_PUBLISHES_PER_CHANGE);
  });

  it('a leave request longer than the limit never reaches the planner', () => {
    const ok = LeaveRequestBody.safeParse({ from: '2027-01-01', to: '2027-03-01', reason: 'x' });
    expect(ok.success).toBe(true); // 60 days
    const long = LeaveRequestBody.safeParse({ from: '2027-01-01', to: '2027-03-02', reason: 'x' });
    expect(long.success).toBe(false);
    expect(
      LeaveRequestBody.safeParse({ from: '2027-01-01', to: '9999-12-31', reason: 'x' }).success,
    ).toBe(false);
  });

  it('tickets: queue updates carry ids only; status goes to the session', () => {
    const ticket = {
      id: 'tk_1',
      customerId: 'u_ben',
      customerName: 'Ben',
      subject: 'Parking?',
      bookingId: null,
      status: 'active' as const,
      agentId: 'u_rita',
      agentName: 'Rita',
      queuePosition: null,
      version: 2,
      createdAt: '2026-11-22T10:00:00.000Z',
      updatedAt: '2026-11-22T10:01:00.000Z',
    };
    const at = '2026-11-22T10:01:00.000Z';
    const claimed = planPublishes({ kind: 'ticket.claimed', ticket, at });
    expect(routes(claimed)).toEqual([
      'queue:updates queue:claimed',
      'session:tk_1:chat session:status',
    ]);
    expect(claimed[0]?.data).toEqual({ ticketId: 'tk_1', action: 'claimed', timestamp: at });
    expect(
      routes(
        planPublishes({ kind: 'ticket.created', ticket: { ...ticket, status: 'waiting' }, at }),
      ),
    ).toEqual(['queue:updates queue:update']);
  });
});
