import { describe, expect, it } from 'vitest';
import type { Booking, Schedule } from '../../../contract/entities';
import {
  bookingBelongs,
  byDateTime,
  checkVersion,
  patchList,
  patchOne,
  patchScheduleSlot,
  patchStaffOff,
  removeFromList,
} from './versionedCache';

const at = '2030-01-01T09:00:00.000Z';
function booking(over: Partial<Booking> = {}): Booking {
  return {
    id: 'bk_1',
    customerId: 'u_ava',
    customerName: 'Ava',
    services: [{ id: 'sv_cut', name: 'Haircut', durationMin: 30, priceCents: 3500 }],
    serviceId: 'sv_cut',
    serviceName: 'Haircut',
    priceCents: 3500,
    needsStaff: false,
    source: 'online',
    staffId: 'st_mia',
    staffName: 'Mia',
    branchId: 'br_main',
    date: '2030-01-02',
    time: '10:00',
    durationMin: 30,
    status: 'pending',
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

describe('checkVersion', () => {
  it('classifies incoming versions against what we hold', () => {
    expect(checkVersion(undefined, 3)).toBe('unknown');
    expect(checkVersion(2, 2)).toBe('stale');
    expect(checkVersion(3, 2)).toBe('stale');
    expect(checkVersion(2, 3)).toBe('next');
    expect(checkVersion(2, 5)).toBe('gap');
  });
});

describe('patchList (booking lists)', () => {
  const list = [booking(), booking({ id: 'bk_2', time: '11:00', version: 4 })];

  it('applies a newer version in place', () => {
    const next = booking({ status: 'confirmed', version: 2 });
    const result = patchList(list, next, { tracksEveryChange: true });
    expect(result.outcome).toBe('updated');
    expect(result.refetch).toBe(false);
    expect(result.list[0]).toEqual(next);
    expect(result.list).toHaveLength(2);
  });

  it('ignores an event whose version we already have (replay) or an older one', () => {
    const same = patchList(list, booking({ status: 'declined', version: 1 }));
    expect(same.outcome).toBe('stale');
    expect(same.list).toBe(list);
    const older = patchList(list, booking({ id: 'bk_2', version: 3, status: 'cancelled' }));
    expect(older.outcome).toBe('stale');
    expect(older.list).toBe(list);
  });

  it('applies the newest state and asks for a refetch on a version gap', () => {
    const jump = booking({ status: 'cancelled', version: 3 });
    const tracked = patchList(list, jump, { tracksEveryChange: true });
    expect(tracked.list[0]?.status).toBe('cancelled');
    expect(tracked.refetch).toBe(true);
    // A channel that does not hear every change (a stylist's day) never treats gaps as loss.
    expect(patchList(list, jump, { tracksEveryChange: false }).refetch).toBe(false);
  });

  it('inserts an unknown entity that belongs, at the top of a queue', () => {
    const fresh = booking({ id: 'bk_new', version: 1 });
    const result = patchList(list, fresh, { insertAt: 'start' });
    expect(result.outcome).toBe('inserted');
    expect(result.list[0]?.id).toBe('bk_new');
  });

  it('removes an entity that no longer belongs (pending → confirmed leaves the pending queue)', () => {
    const belongs = bookingBelongs({ status: 'pending' });
    const result = patchList(list, booking({ status: 'confirmed', version: 2 }), { belongs });
    expect(result.outcome).toBe('removed');
    expect(result.list.map((b) => b.id)).toEqual(['bk_2']);
  });

  it('ignores an unknown entity that does not belong', () => {
    const belongs = bookingBelongs({ date: '2030-01-02' });
    const result = patchList(list, booking({ id: 'bk_x', date: '2030-02-01' }), { belongs });
    expect(result.outcome).toBe('ignored');
    expect(result.list).toBe(list);
  });

  it('keeps the list ordered by day and time', () => {
    const moved = booking({ time: '12:00', version: 2 });
    const result = patchList(list, moved, { compare: byDateTime });
    expect(result.list.map((b) => b.id)).toEqual(['bk_2', 'bk_1']);
  });
});

describe('removeFromList and patchOne', () => {
  it('removes unless we hold a newer version', () => {
    const list = [booking({ version: 3 })];
    expect(removeFromList(list, booking({ version: 2 })).outcome).toBe('stale');
    expect(removeFromList(list, booking({ version: 4 })).list).toEqual([]);
  });

  it('patches a detail view only with a newer version of the same entity', () => {
    const current = booking({ version: 2 });
    expect(patchOne(current, booking({ version: 2, status: 'declined' })).applied).toBe(false);
    expect(patchOne(current, booking({ id: 'other', version: 9 })).applied).toBe(false);
    const next = patchOne(current, booking({ version: 3, status: 'confirmed' }), true);
    expect(next).toMatchObject({ applied: true, refetch: false });
    expect(patchOne(current, booking({ version: 5 }), true).refetch).toBe(true);
  });
});

describe('schedule patches', () => {
  const schedule: Schedule = {
    date: '2030-01-02',
    closed: false,
    opensAt: '09:00',
    closesAt: '12:00',
    staff: [
      { id: 'st_mia', name: 'Mia', userId: 'u_mia', off: false },
      { id: 'st_leo', name: 'Leo', userId: 'u_leo', off: false },
    ],
    slots: ['st_mia', 'st_leo'].flatMap((staffId) =>
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((time) => ({
        staffId,
        time,
        state: 'free' as const,
        bookingId: null,
      })),
    ),
    bookings: [],
  };
  const state = (s: Schedule, staffId: string, time: string) =>
    s.slots.find((x) => x.staffId === staffId && x.time === time)?.state;

  const b = booking({ durationMin: 60, status: 'confirmed', version: 2 });
  const slot = (kind: 'booked' | 'released', over: Partial<Booking> = {}) => {
    const after = { ...b, ...over };
    return {
      kind,
      date: after.date,
      staffId: after.staffId!,
      time: after.time,
      durationMin: after.durationMin,
      bookingId: after.id,
      version: after.version,
      booking: after,
    };
  };

  it('books every cell a booking covers, and releases them', () => {
    const booked = patchScheduleSlot(schedule, slot('booked'));
    expect(state(booked, 'st_mia', '10:00')).toBe('booked');
    expect(state(booked, 'st_mia', '10:30')).toBe('booked');
    expect(state(booked, 'st_mia', '11:00')).toBe('free');
    const released = patchScheduleSlot(
      booked,
      slot('released', { status: 'cancelled', version: 3 }),
    );
    expect(state(released, 'st_mia', '10:00')).toBe('free');
    expect(state(released, 'st_mia', '10:30')).toBe('free');
  });

  it('applies a move (released + booked with the same version) and ignores older replays', () => {
    const booked = patchScheduleSlot(schedule, slot('booked'));
    const movedBooking = { version: 3, staffId: 'st_leo', time: '11:00' };
    let s = patchScheduleSlot(booked, { ...slot('released', { version: 3 }) });
    s = patchScheduleSlot(s, slot('booked', movedBooking));
    expect(state(s, 'st_mia', '10:00')).toBe('free');
    expect(state(s, 'st_leo', '11:00')).toBe('booked');
    expect(state(s, 'st_leo', '11:30')).toBe('booked');
    const replay = patchScheduleSlot(s, slot('booked'));
    expect(replay).toBe(s);
  });

  it('marks a stylist off and keeps their freed cells off', () => {
    const booked = patchScheduleSlot(schedule, slot('booked'));
    const off = patchStaffOff(booked, { date: schedule.date, staffId: 'st_mia' });
    expect(off.staff.find((x) => x.id === 'st_mia')?.off).toBe(true);
    expect(state(off, 'st_mia', '09:00')).toBe('off');
    expect(state(off, 'st_mia', '10:00')).toBe('booked');
    const released = patchScheduleSlot(off, slot('released', { version: 3, status: 'cancelled' }));
    expect(state(released, 'st_mia', '10:00')).toBe('off');
  });

  it('ignores events for another day', () => {
    expect(patchScheduleSlot(schedule, slot('booked', { date: '2030-01-03' }))).toBe(schedule);
  });
});
