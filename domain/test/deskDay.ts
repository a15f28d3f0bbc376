import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, localDate, weekdayOf, zonedInstant } from '../../contract';
import { availability, nextFreeDay, schedule } from '../availability';
import { changeBooking } from '../bookingActions';
import { createBooking, listBookings } from '../bookings';
import { getBranch, updateBranch } from '../branch';
import { createCustomer, searchCustomers } from '../customers';
import { decideLeave, leaveImpact, requestLeave } from '../leave';
import type { DomainContext } from '../port';
import { days, kinds, people, refusal, type StoreHarness, SUITE_ZONE, tenAm } from './harness';

const { rita, max, olivia, mia, ava, ben } = people;

/**
 * A real salon day (docs/architecture.md §6): the branch's zone and hours, customers without
 * accounts, multi-service bookings, a customer's own overlaps, leave that resolves its clashes.
 * Part of the domain contract suite: runs on both stores.
 */
export function deskDaySuite(storeName: string, harness: StoreHarness): void {
  describe(`a salon day on the ${storeName} store`, () => {
    let ctx: DomainContext;
    const now = tenAm();
    const day = days(now);

    beforeEach(async () => {
      ctx = await harness.fresh(now, SUITE_ZONE);
    });

    describe('branch settings and its time zone', () => {
      it('everyone reads the settings; only the owner changes them', async () => {
        const branch = await getBranch(ctx, ava);
        expect(branch).toMatchObject({
          id: 'br_main',
          timeZone: SUITE_ZONE,
          bookingHorizonDays: 90,
        });
        expect(branch.hours.mon).toEqual({ open: '09:00', close: '18:00' });
        expect(await refusal(updateBranch(ctx, max, { name: 'x' }))).toBe('FORBIDDEN');
        const changed = await updateBranch(ctx, olivia, { name: 'Glow', currency: 'GBP' });
        expect(changed.result).toMatchObject({
          name: 'Glow',
          currency: 'GBP',
          timeZone: SUITE_ZONE,
        });
        expect((await getBranch(ctx, rita)).name).toBe('Glow');
      });

      it("today, now and the past are the branch's, whatever the zone of the machine", async () => {
        // One instant: 10:00 in Pago Pago (UTC−11) is already tomorrow in Kiritimati (UTC+14).
        const kiritimatiDay = localDate(now, 'Pacific/Kiritimati');
        expect(kiritimatiDay).toBe(addDays(day.today, 1));
        const today = await availability(ctx, ava, { serviceId: 'sv_cut', date: day.today });
        expect(today[0]?.time).toBe('10:30');
        // Moving the branch to Kiritimati: "today" there is Pago Pago's tomorrow, at 11:00.
        await updateBranch(ctx, olivia, { timeZone: 'Pacific/Kiritimati' });
        expect(await availability(ctx, ava, { serviceId: 'sv_cut', date: day.today })).toEqual([]);
        const there = await availability(ctx, ava, { serviceId: 'sv_cut', date: kiritimatiDay });
        expect(there[0]?.time).toBe('11:30');
        expect(
          await refusal(
            createBooking(ctx, ava, { serviceId: 'sv_cut', date: day.today, time: '15:00' }),
          ),
        ).toBe('BAD_REQUEST');
        const grid = await schedule(ctx, rita, kiritimatiDay);
        expect(grid.closed).toBe(false);
      });

      it('no bookings on closed days or beyond the horizon (400 naming the rule)', async () => {
        const closedDay = day.free;
        const weekday = weekdayOf(closedDay);
        const branch = await getBranch(ctx, olivia);
        await updateBranch(ctx, olivia, {
          hours: { ...branch.hours, [weekday]: null },
          bookingHorizonDays: 30,
        });
        const at = { serviceId: 'sv_cut', date: closedDay, time: '10:00' };
        await expect(createBooking(ctx, ava, at)).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: expect.stringContaining('closed'),
        });
        expect(await availability(ctx, ava, { serviceId: 'sv_cut', date: closedDay })).toEqual([]);
        const grid = await schedule(ctx, rita, closedDay);
        expect(grid).toMatchObject({ closed: true, slots: [] });
        const far = addDays(day.today, 32); // not the closed weekday
        await expect(
          createBooking(ctx, rita, { ...at, date: far, customerId: ben.id }),
        ).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: expect.stringContaining('30 days'),
        });
        expect(await availability(ctx, ava, { serviceId: 'sv_cut', date: far })).toEqual([]);
        const ok = await createBooking(ctx, ava, { ...at, date: addDays(day.today, 30) });
        expect(ok.result.status).toBe('pending');
        // Shorter hours on a day: the last start moves with them.
        await updateBranch(ctx, olivia, {
          hours: { ...branch.hours, [weekday]: { open: '12:00', close: '14:00' } },
        });
        const short = await availability(ctx, ava, { serviceId: 'sv_style', date: closedDay });
        expect(short.map((t) => t.time)).toEqual(['12:00', '12:30', '13:00']);
      });

      it('a full day suggests the next day with free times', async () => {
        const branch = await getBranch(ctx, olivia);
        await updateBranch(ctx, olivia, {
          hours: { ...branch.hours, [weekdayOf(addDays(day.free, 1))]: null },
        });
        const next = await nextFreeDay(ctx, ava, { serviceId: 'sv_cut', date: day.free });
        expect(next?.date).toBe(addDays(day.free, 2));
        expect(next?.times[0]?.time).toBe('09:00');
      });
    });

    describe('customers', () => {
      it('the desk finds customers by name, phone or email as it types, and adds a caller', async () => {
        expect(await refusal(searchCustomers(ctx, ava, { q: '' }))).toBe('FORBIDDEN');
        expect((await searchCustomers(ctx, rita, { q: 'av' })).map((c) => c.id)).toEqual([ava.id]);
        expect((await searchCustomers(ctx, rita, { q: 'ben@glow' })).map((c) => c.id)).toEqual([
          ben.id,
        ]);
        const added = await createCustomer(ctx, rita, {
          name: 'Cara Walsh',
          phone: '+353 87 123 4567',
        });
        expect(added.result).toMatchObject({ name: 'Cara Walsh', hasAccount: false });
        expect(added.result.email).toBeUndefined();
        // Digits match whatever the spacing.
        expect((await searchCustomers(ctx, rita, { q: '087-123 45' })).map((c) => c.id)).toEqual(
          [],
        );
        expect((await searchCustomers(ctx, rita, { q: '871234' })).map((c) => c.name)).toEqual([
          'Cara Walsh',
        ]);
        expect(
          await refusal(createCustomer(ctx, max, { name: 'Again', phone: '+35387 1234567' })),
        ).toBe('CONFLICT');
        expect(await refusal(createCustomer(ctx, mia, { name: 'X', phone: '123456' }))).toBe(
          'FORBIDDEN',
        );
        // Staff never appear as customers.
        expect((await searchCustomers(ctx, rita, { q: 'mia' })).length).toBe(0);
      });

      it('a phone booking for a new customer is confirmed at once, from the desk, with contact details', async () => {
        const cara = (await createCustomer(ctx, rita, { name: 'Cara', phone: '087 555 0199' }))
          .result;
        const booked = await createBooking(ctx, rita, {
          serviceIds: ['sv_cut', 'sv_blowdry'],
          date: day.free,
          time: '11:00',
          customerId: cara.id,
        });
        expect(booked.result).toMatchObject({
          customerId: cara.id,
          customerName: 'Cara',
          customerPhone: '087 555 0199',
          status: 'confirmed',
          source: 'desk',
          needsStaff: false,
        });
        const online = await createBooking(ctx, ava, {
          serviceIds: ['sv_cut'],
          date: day.free,
          time: '11:00',
        });
        expect(online.result).toMatchObject({ source: 'online', customerEmail: ava.email });
      });
    });

    describe('multi-service bookings', () => {
      it('1–5 services: length is the sum, price the total, in order', async () => {
        const booked = await createBooking(ctx, ava, {
          serviceIds: ['sv_colour', 'sv_cut', 'sv_blowdry'],
          date: day.free,
          time: '09:00',
        });
        expect(booked.result).toMatchObject({
          durationMin: 150,
          priceCents: 9500 + 3500 + 2500,
          serviceId: 'sv_colour',
          serviceName: 'Colour',
        });
        expect(booked.result.services.map((s) => s.id)).toEqual([
          'sv_colour',
          'sv_cut',
          'sv_blowdry',
        ]);
        const again = await listBookings(ctx, ava, { date: day.free });
        expect(again[0]?.services.map((s) => s.name)).toEqual(['Colour', 'Haircut', 'Blow-dry']);
        // The old single `serviceId` is still accepted.
        const old = await createBooking(ctx, ben, {
          serviceId: 'sv_cut',
          date: day.free,
          time: '09:00',
        });
        expect(old.result.services).toHaveLength(1);
        expect(
          await refusal(
            createBooking(ctx, ava, {
              serviceIds: ['sv_cut', 'sv_nope'],
              date: day.free,
              time: '15:00',
            }),
          ),
        ).toBe('BAD_REQUEST');
        // 150 min from 16:00 runs past closing.
        expect(
          await refusal(
            createBooking(ctx, ben, {
              serviceIds: ['sv_colour', 'sv_style'],
              date: day.free,
              time: '16:00',
            }),
          ),
        ).toBe('BAD_REQUEST');
      });

      it('the desk adds and removes services live; a longer booking that collides is 409 naming the clash', async () => {
        const first = await createBooking(ctx, rita, {
          serviceIds: ['sv_cut'],
          date: day.free,
          time: '10:00',
          staffId: 'st_mia',
          customerId: ava.id,
        });
        const next = await createBooking(ctx, rita, {
          serviceIds: ['sv_cut'],
          date: day.free,
          time: '11:00',
          staffId: 'st_mia',
          customerId: ben.id,
        });
        const grown = await changeBooking(ctx, rita, first.result.id, {
          action: 'set_services',
          serviceIds: ['sv_cut', 'sv_blowdry'],
        });
        expect(grown.result).toMatchObject({ durationMin: 60, priceCents: 6000, version: 2 });
        expect(kinds(grown)).toEqual(['booking.services']);
        const clash = changeBooking(ctx, rita, first.result.id, {
          action: 'set_services',
          serviceIds: ['sv_cut', 'sv_blowdry', 'sv_cut'],
        });
        await expect(clash).rejects.toMatchObject({
          code: 'SLOT_TAKEN',
          details: { bookingId: next.result.id, reason: 'busy' },
        });
        const shrunk = await changeBooking(ctx, rita, first.result.id, {
          action: 'set_services',
          serviceIds: ['sv_blowdry'],
        });
        expect(shrunk.result).toMatchObject({ durationMin: 30, serviceName: 'Blow-dry' });
        const same = await changeBooking(ctx, rita, first.result.id, {
          action: 'set_services',
          serviceIds: ['sv_blowdry'],
        });
        expect(same.mutations).toEqual([]);
        expect(
          await refusal(
            changeBooking(ctx, ava, first.result.id, {
              action: 'set_services',
              serviceIds: ['sv_cut'],
            }),
          ),
        ).toBe('FORBIDDEN');
        expect(
          await refusal(
            changeBooking(ctx, rita, 'bk_seed_1', {
              action: 'set_services',
              serviceIds: ['sv_cut'],
            }),
          ),
        ).toBe('ILLEGAL_TRANSITION');
      });
    });

    describe("a customer's own bookings", () => {
      it('never overlap (409 OVERLAPS_OWN_BOOKING), whoever books', async () => {
        await createBooking(ctx, ava, { serviceIds: ['sv_style'], date: day.free, time: '10:00' });
        await expect(
          createBooking(ctx, ava, { serviceIds: ['sv_cut'], date: day.free, time: '10:30' }),
        ).rejects.toMatchObject({ code: 'OVERLAPS_OWN_BOOKING', status: 409 });
        expect(
          await refusal(
            createBooking(ctx, rita, {
              serviceIds: ['sv_cut'],
              date: day.free,
              time: '10:30',
              customerId: ava.id,
            }),
          ),
        ).toBe('OVERLAPS_OWN_BOOKING');
        // Back to back is fine; someone else at the same time is fine.
        await createBooking(ctx, ava, { serviceIds: ['sv_cut'], date: day.free, time: '11:00' });
        await createBooking(ctx, ben, { serviceIds: ['sv_cut'], date: day.free, time: '10:30' });
        // Moving onto their own other booking is refused too.
        const mine = await listBookings(ctx, ava, { date: day.free });
        expect(
          await refusal(
            changeBooking(ctx, ava, mine[1]!.id, {
              action: 'reschedule',
              date: day.free,
              time: '10:30',
            }),
          ),
        ).toBe('OVERLAPS_OWN_BOOKING');
      });
    });

    describe('leave that resolves its clashes', () => {
      it('shows what approving would strand, with the stylists free for each', async () => {
        const asked = await requestLeave(ctx, mia, {
          from: day.tomorrow,
          to: day.tomorrow,
          reason: 'Ill',
        });
        expect(await refusal(leaveImpact(ctx, rita, asked.result.id))).toBe('FORBIDDEN');
        const impact = await leaveImpact(ctx, max, asked.result.id);
        // Tomorrow Mia has Ava's 10:00 (pending) and Ben's 15:00 (confirmed); Leo holds 11:00–12:30.
        expect(impact.bookings.map((b) => b.booking.id)).toEqual(['bk_seed_6', 'bk_seed_9']);
        expect(impact.bookings[0]?.freeStaffIds).toEqual(['st_leo', 'st_zoe']);
        expect(impact.bookings[1]?.freeStaffIds).toEqual(['st_leo', 'st_zoe']);
        expect(await refusal(leaveImpact(ctx, max, 'lv_nope'))).toBe('NOT_FOUND');
      });

      it('approving reassigns in the same transaction; the rest need a stylist until someone acts', async () => {
        const asked = await requestLeave(ctx, mia, {
          from: day.tomorrow,
          to: day.tomorrow,
          reason: 'Ill',
        });
        const approved = await decideLeave(ctx, olivia, asked.result.id, {
          action: 'approve',
          reassign: [{ bookingId: 'bk_seed_9', staffId: 'st_zoe' }],
        });
        expect(approved.result).toMatchObject({
          status: 'approved',
          affectedBookingIds: ['bk_seed_6'],
        });
        expect(kinds(approved)).toEqual(['leave.decided', 'booking.assigned', 'booking.assigned']);
        const moved = (await listBookings(ctx, ben, { date: day.tomorrow })).find(
          (b) => b.id === 'bk_seed_9',
        );
        expect(moved).toMatchObject({ staffId: 'st_zoe', staffName: 'Zoe', needsStaff: false });
        const stranded = (await listBookings(ctx, ava, { date: day.tomorrow })).find(
          (b) => b.id === 'bk_seed_6',
        );
        expect(stranded).toMatchObject({ staffId: null, staffName: null, needsStaff: true });
        // Off Mia's day; on the desk's grid as a booking without a cell (not in her off column).
        expect((await listBookings(ctx, mia, { date: day.tomorrow })).map((b) => b.id)).toEqual([]);
        const grid = await schedule(ctx, rita, day.tomorrow);
        expect(grid.slots.some((s) => s.bookingId === 'bk_seed_6')).toBe(false);
        expect(grid.bookings.find((b) => b.id === 'bk_seed_6')?.needsStaff).toBe(true);
        expect(grid.slots.find((s) => s.staffId === 'st_zoe' && s.time === '15:00')).toMatchObject({
          state: 'booked',
          bookingId: 'bk_seed_9',
        });
        // Someone acts: approving with a stylist resolves it.
        const resolved = await changeBooking(ctx, rita, 'bk_seed_6', {
          action: 'approve',
          staffId: 'st_leo',
        });
        expect(resolved.result).toMatchObject({ staffId: 'st_leo', needsStaff: false });
      });

      it('a reassignment to a busy stylist or to the one on leave stores nothing', async () => {
        const asked = await requestLeave(ctx, mia, {
          from: day.tomorrow,
          to: day.tomorrow,
          reason: 'Ill',
        });
        // Leo holds 11:00–12:30 tomorrow; move Ben's 15:00 onto him first so it clashes.
        await createBooking(ctx, rita, {
          serviceIds: ['sv_cut'],
          date: day.tomorrow,
          time: '15:00',
          staffId: 'st_leo',
          customerId: ava.id,
        });
        const busy = decideLeave(ctx, olivia, asked.result.id, {
          action: 'approve',
          reassign: [
            { bookingId: 'bk_seed_6', staffId: 'st_zoe' },
            { bookingId: 'bk_seed_9', staffId: 'st_leo' },
          ],
        });
        await expect(busy).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        const untouched = await listBookings(ctx, mia, { date: day.tomorrow });
        expect(untouched.map((b) => b.id)).toEqual(['bk_seed_6', 'bk_seed_9']);
        expect(
          await refusal(
            decideLeave(ctx, olivia, asked.result.id, {
              action: 'approve',
              reassign: [{ bookingId: 'bk_seed_6', staffId: 'st_mia' }],
            }),
          ),
        ).toBe('BAD_REQUEST');
        expect(
          await refusal(
            decideLeave(ctx, olivia, asked.result.id, {
              action: 'approve',
              reassign: [{ bookingId: 'bk_seed_1', staffId: 'st_zoe' }],
            }),
          ),
        ).toBe('BAD_REQUEST');
      });
    });

    it('the zone helper agrees with the clock it built', () => {
      const at = zonedInstant(day.free, '09:30', SUITE_ZONE);
      expect(localDate(at, SUITE_ZONE)).toBe(day.free);
      expect(at.toISOString().slice(11, 16)).toBe('20:30');
    });
  });
}
