import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, resources } from '../../contract';
import { availability, schedule, services, staff } from '../availability';
import { changeBooking } from '../bookingActions';
import { addNote, bookingDetail, canSeeBooking, createBooking, listBookings } from '../bookings';
import { capabilityFor } from '../capability';
import { createCustomer } from '../customers';
import { listNotifications, markNotificationsRead } from '../inbox';
import { decideLeave, listLeave, requestLeave } from '../leave';
import type { DomainContext } from '../port';
import {
  cancelTicket,
  claimTicket,
  completeTicket,
  listMessages,
  listTickets,
  markTicketRead,
  openTicket,
  postMessage,
} from '../tickets';
import { deskDaySuite } from './deskDay';
import { days, kinds, people, refusal, type StoreHarness, SUITE_ZONE, tenAm } from './harness';

const { rita, max, olivia, mia, ava, ben } = people;

/**
 * The domain's behaviour, run once against each store (api/: SQLite; web/src/mocks: the
 * browser store). Whatever one allows or refuses, the other allows or refuses the same way.
 */
export function domainContractSuite(storeName: string, harness: StoreHarness): void {
  deskDaySuite(storeName, harness);
  describe(`domain on the ${storeName} store`, () => {
    let ctx: DomainContext;
    const now = tenAm();
    const day = days(now);

    beforeEach(async () => {
      ctx = await harness.fresh(now, SUITE_ZONE);
    });

    describe('bookings', () => {
      it('a customer books for themselves: pending, first free stylist, names joined', async () => {
        const outcome = await createBooking(ctx, ava, {
          serviceId: 'sv_cut',
          date: day.free,
          time: '09:00',
        });
        expect(outcome.result).toMatchObject({
          customerId: ava.id,
          customerName: 'Ava',
          serviceName: 'Haircut',
          staffId: 'st_mia',
          staffName: 'Mia',
          status: 'pending',
          durationMin: 30,
          version: 1,
        });
        expect(kinds(outcome)).toEqual(['booking.created']);
        const mine = await listBookings(ctx, ava, {});
        expect(mine.map((b) => b.id)).toContain(outcome.result.id);
      });

      it('the desk books a walk-in for a customer, confirmed at once', async () => {
        const walkIn = { serviceId: 'sv_cut', date: day.free, time: '09:00' };
        const booked = await createBooking(ctx, rita, { ...walkIn, customerId: ben.id });
        expect(booked.result).toMatchObject({ customerId: ben.id, status: 'confirmed' });
        expect(await refusal(createBooking(ctx, rita, walkIn))).toBe('BAD_REQUEST');
        expect(await refusal(createBooking(ctx, rita, { ...walkIn, customerId: mia.id }))).toBe(
          'BAD_REQUEST',
        );
        expect(await refusal(createBooking(ctx, mia, walkIn))).toBe('FORBIDDEN');
        expect(await refusal(createBooking(ctx, ava, { ...walkIn, customerId: ben.id }))).toBe(
          'FORBIDDEN',
        );
      });

      it('refuses unknown services and stylists, closed hours and the past', async () => {
        const at = { serviceId: 'sv_cut', date: day.free, time: '09:00' };
        expect(await refusal(createBooking(ctx, ava, { ...at, serviceId: 'sv_nope' }))).toBe(
          'BAD_REQUEST',
        );
        expect(await refusal(createBooking(ctx, ava, { ...at, staffId: 'st_nope' }))).toBe(
          'BAD_REQUEST',
        );
        expect(await refusal(createBooking(ctx, ava, { ...at, time: '08:30' }))).toBe(
          'BAD_REQUEST',
        );
        // Colour is 90 minutes: 17:00 would end after closing.
        expect(
          await refusal(createBooking(ctx, ava, { ...at, serviceId: 'sv_colour', time: '17:00' })),
        ).toBe('BAD_REQUEST');
        expect(
          await refusal(createBooking(ctx, ava, { ...at, date: day.today, time: '09:30' })),
        ).toBe('BAD_REQUEST');
        expect(await refusal(createBooking(ctx, ava, { ...at, date: day.yesterday }))).toBe(
          'BAD_REQUEST',
        );
        // 10:00 is the current minute: not strictly ahead.
        expect(
          await refusal(createBooking(ctx, ava, { ...at, date: day.today, time: '10:00' })),
        ).toBe('BAD_REQUEST');
        const later = await createBooking(ctx, ava, { ...at, date: day.today, time: '10:30' });
        expect(later.result.status).toBe('pending');
      });

      it('never double-books a stylist; without a choice the next free one is taken', async () => {
        // Mia holds tomorrow 10:00 (bk_seed_6, pending).
        const at = { serviceId: 'sv_cut', date: day.tomorrow, time: '10:00' };
        expect(await refusal(createBooking(ctx, ben, { ...at, staffId: 'st_mia' }))).toBe(
          'SLOT_TAKEN',
        );
        const next = await createBooking(ctx, ben, at);
        expect(next.result.staffId).toBe('st_leo');
        // A customer never holds two overlapping bookings: fill Zoe for a phone customer.
        const cara = await createCustomer(ctx, rita, { name: 'Cara', phone: '555 0101' });
        await createBooking(ctx, rita, {
          ...at,
          serviceId: 'sv_blowdry',
          customerId: cara.result.id,
        });
        const dee = await createCustomer(ctx, rita, { name: 'Dee', phone: '555 0102' });
        expect(
          await refusal(createBooking(ctx, olivia, { ...at, customerId: dee.result.id })),
        ).toBe('SLOT_TAKEN');
      });

      it('shows each person only what is theirs', async () => {
        const avas = await listBookings(ctx, ava, {});
        expect(avas.length).toBeGreaterThan(0);
        expect(avas.every((b) => b.customerId === ava.id)).toBe(true);
        const ordered = [...avas].sort(
          (a, b) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time),
        );
        expect(avas.map((b) => b.id)).toEqual(ordered.map((b) => b.id));
        expect(await refusal(bookingDetail(ctx, ben, avas[0]!.id))).toBe('NOT_FOUND');
        const mias = await listBookings(ctx, mia, {});
        expect(mias.every((b) => b.staffId === 'st_mia')).toBe(true);
        const desk = await listBookings(ctx, rita, { date: day.tomorrow, status: 'pending' });
        expect(desk.map((b) => b.id)).toEqual(['bk_seed_6']);
        expect(canSeeBooking(mia, avas[0]!)).toBe(avas[0]!.staffId === 'st_mia');
      });

      it('follows the state machine and who may act', async () => {
        expect(await refusal(changeBooking(ctx, ava, 'bk_seed_6', { action: 'approve' }))).toBe(
          'FORBIDDEN',
        );
        expect(await refusal(changeBooking(ctx, mia, 'bk_seed_6', { action: 'approve' }))).toBe(
          'FORBIDDEN',
        );
        const approved = await changeBooking(ctx, rita, 'bk_seed_6', { action: 'approve' });
        expect(approved.result).toMatchObject({ status: 'confirmed', version: 2 });
        expect(approved.mutations[0]).toMatchObject({ kind: 'booking.status', action: 'approve' });
        expect(await refusal(changeBooking(ctx, rita, 'bk_seed_6', { action: 'approve' }))).toBe(
          'ILLEGAL_TRANSITION',
        );
        const done = await changeBooking(ctx, rita, 'bk_seed_6', { action: 'complete' });
        expect(done.result.status).toBe('completed');
        expect(await refusal(changeBooking(ctx, ava, 'bk_seed_6', { action: 'cancel' }))).toBe(
          'ILLEGAL_TRANSITION',
        );
        const cancelled = await changeBooking(ctx, ava, 'bk_seed_7', {
          action: 'cancel',
          reason: 'cannot make it',
        });
        expect(cancelled.result.status).toBe('cancelled');
        expect(cancelled.mutations[0]).toMatchObject({ reason: 'cannot make it' });
        expect(await refusal(changeBooking(ctx, ben, 'bk_seed_3', { action: 'cancel' }))).toBe(
          'NOT_FOUND',
        );
        const declined = await changeBooking(ctx, max, 'bk_seed_4', { action: 'decline' });
        expect(declined.result.status).toBe('declined');
        const noShow = await changeBooking(ctx, rita, 'bk_seed_9', { action: 'no_show' });
        expect(noShow.result.status).toBe('no_show');
      });

      it('two desks approving at once: exactly one wins', async () => {
        const results = await Promise.allSettled([
          changeBooking(ctx, rita, 'bk_seed_6', { action: 'approve' }),
          changeBooking(ctx, max, 'bk_seed_6', { action: 'approve' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
      });

      it('reschedules: keeps the stylist when free, else the next free one', async () => {
        const kept = await changeBooking(ctx, ava, 'bk_seed_6', {
          action: 'reschedule',
          date: day.free,
          time: '12:00',
        });
        expect(kept.result).toMatchObject({ date: day.free, time: '12:00', staffId: 'st_mia' });
        expect(kinds(kept)).toEqual(['booking.rescheduled']);
        const same = await changeBooking(ctx, ava, 'bk_seed_6', {
          action: 'reschedule',
          date: day.free,
          time: '12:00',
        });
        expect(same.mutations).toEqual([]);
        // Ben's 15:00 tomorrow is Mia's: moving Ava's Mia booking there takes another stylist.
        const moved = await changeBooking(ctx, ava, 'bk_seed_6', {
          action: 'reschedule',
          date: day.tomorrow,
          time: '15:00',
        });
        expect(moved.result.staffId).not.toBe('st_mia');
        expect(
          await refusal(
            changeBooking(ctx, ava, 'bk_seed_6', {
              action: 'reschedule',
              date: day.yesterday,
              time: '12:00',
            }),
          ),
        ).toBe('BAD_REQUEST');
        expect(
          await refusal(
            changeBooking(ctx, rita, 'bk_seed_1', {
              action: 'reschedule',
              date: day.free,
              time: '12:00',
            }),
          ),
        ).toBe('ILLEGAL_TRANSITION');
      });

      it('assigns a free stylist; a busy one or an unknown one is refused', async () => {
        const same = await changeBooking(ctx, rita, 'bk_seed_6', {
          action: 'assign',
          staffId: 'st_mia',
        });
        expect(same.mutations).toEqual([]);
        const moved = await changeBooking(ctx, rita, 'bk_seed_6', {
          action: 'assign',
          staffId: 'st_zoe',
        });
        expect(moved.result).toMatchObject({ staffId: 'st_zoe', staffName: 'Zoe', version: 2 });
        await createBooking(ctx, rita, {
          serviceId: 'sv_cut',
          date: day.tomorrow,
          time: '15:00',
          staffId: 'st_zoe',
          customerId: ava.id,
        });
        expect(
          await refusal(
            changeBooking(ctx, rita, 'bk_seed_9', { action: 'assign', staffId: 'st_zoe' }),
          ),
        ).toBe('SLOT_TAKEN');
        expect(
          await refusal(
            changeBooking(ctx, rita, 'bk_seed_9', { action: 'assign', staffId: 'st_nope' }),
          ),
        ).toBe('BAD_REQUEST');
      });

      it('notes: the desk and the stylist write them, everyone who sees the booking reads them', async () => {
        expect(await refusal(addNote(ctx, ava, 'bk_seed_6', { text: 'hi' }))).toBe('FORBIDDEN');
        expect(await refusal(addNote(ctx, people.leo, 'bk_seed_6', { text: 'hi' }))).toBe(
          'NOT_FOUND',
        );
        const note = await addNote(ctx, rita, 'bk_seed_6', { text: 'Prefers the window seat' });
        expect(note.result).toMatchObject({ authorName: 'Rita', text: 'Prefers the window seat' });
        expect(kinds(note)).toEqual(['note.added']);
        await addNote(ctx, mia, 'bk_seed_6', { text: 'Bring the new dye' });
        const detail = await bookingDetail(ctx, ava, 'bk_seed_6');
        expect(detail.notes.map((n) => n.authorName)).toEqual(['Rita', 'Mia']);
      });
    });

    describe('availability and the schedule', () => {
      it('offers free start times, none in the past, and knows its stylists', async () => {
        expect((await services(ctx)).map((s) => s.id)).toEqual([
          'sv_cut',
          'sv_blowdry',
          'sv_style',
          'sv_colour',
        ]);
        expect((await staff(ctx, ava)).map((s) => s.id)).toEqual(['st_mia', 'st_leo', 'st_zoe']);
        const free = await availability(ctx, ava, { serviceId: 'sv_colour', date: day.free });
        expect(free[0]).toEqual({ time: '09:00', staffIds: ['st_mia', 'st_leo', 'st_zoe'] });
        expect(free.at(-1)?.time).toBe('16:30');
        const today = await availability(ctx, ava, { serviceId: 'sv_cut', date: day.today });
        expect(today[0]?.time).toBe('10:30');
        expect(await availability(ctx, ava, { serviceId: 'sv_cut', date: day.yesterday })).toEqual(
          [],
        );
        const tomorrow = await availability(ctx, ava, {
          serviceId: 'sv_cut',
          date: day.tomorrow,
          staffId: 'st_mia',
        });
        expect(tomorrow.some((t) => t.time === '10:00')).toBe(false);
        expect(
          await refusal(availability(ctx, ava, { serviceId: 'sv_nope', date: day.free })),
        ).toBe('BAD_REQUEST');
        expect(
          await refusal(
            availability(ctx, ava, { serviceId: 'sv_cut', date: day.free, staffId: 'st_nope' }),
          ),
        ).toBe('BAD_REQUEST');
      });

      it('draws the desk grid: booked while held, off on leave, else free', async () => {
        expect(await refusal(schedule(ctx, ava, day.today))).toBe('FORBIDDEN');
        const grid = await schedule(ctx, rita, day.today);
        const cell = (staffId: string, time: string) =>
          grid.slots.find((s) => s.staffId === staffId && s.time === time);
        expect(cell('st_mia', '09:00')).toMatchObject({ state: 'booked', bookingId: 'bk_seed_1' });
        // Ben's 90-minute colour with Mia from 16:30 covers three cells.
        expect(cell('st_mia', '17:30')).toMatchObject({ state: 'booked', bookingId: 'bk_seed_4' });
        // The cancelled 17:00 with Leo frees its cell.
        expect(cell('st_leo', '17:00')).toMatchObject({ state: 'free', bookingId: null });
        expect(grid.slots).toHaveLength(3 * 18);
        expect(grid.bookings.map((b) => b.id)).toContain('bk_seed_5');
      });
    });

    describe('leave', () => {
      it('staff ask, a manager or the owner decides; clashing bookings are flagged', async () => {
        expect(
          await refusal(requestLeave(ctx, ava, { from: day.free, to: day.free, reason: 'x' })),
        ).toBe('FORBIDDEN');
        expect(
          await refusal(
            requestLeave(ctx, mia, { from: day.yesterday, to: day.free, reason: 'trip' }),
          ),
        ).toBe('BAD_REQUEST');
        const asked = await requestLeave(ctx, mia, {
          from: day.tomorrow,
          to: day.free,
          reason: 'Family trip',
        });
        expect(asked.result).toMatchObject({ status: 'pending', staffName: 'Mia' });
        expect(
          await refusal(requestLeave(ctx, mia, { from: day.free, to: day.free, reason: 'again' })),
        ).toBe('CONFLICT');
        expect((await listLeave(ctx, mia)).map((l) => l.id)).toEqual([asked.result.id]);
        expect(await listLeave(ctx, people.leo)).toEqual([]);
        expect(await refusal(listLeave(ctx, ava))).toBe('FORBIDDEN');

        expect(await refusal(decideLeave(ctx, rita, asked.result.id, { action: 'approve' }))).toBe(
          'FORBIDDEN',
        );
        const decided = await decideLeave(ctx, olivia, asked.result.id, { action: 'approve' });
        expect(decided.result).toMatchObject({ status: 'approved', decidedBy: olivia.id });
        // Mia's active bookings tomorrow: Ava's 10:00 (pending) and Ben's 15:00 (confirmed).
        expect(decided.result.affectedBookingIds).toEqual(['bk_seed_6', 'bk_seed_9']);
        expect(await refusal(decideLeave(ctx, max, asked.result.id, { action: 'decline' }))).toBe(
          'ILLEGAL_TRANSITION',
        );
        expect(await refusal(decideLeave(ctx, max, 'lv_nope', { action: 'decline' }))).toBe(
          'NOT_FOUND',
        );

        // On leave: off on the grid, and nobody can book her.
        const grid = await schedule(ctx, rita, day.free);
        expect(grid.staff.find((s) => s.id === 'st_mia')?.off).toBe(true);
        expect(grid.slots.find((s) => s.staffId === 'st_mia')?.state).toBe('off');
        expect(
          await refusal(
            createBooking(ctx, ava, {
              serviceId: 'sv_cut',
              date: day.free,
              time: '09:00',
              staffId: 'st_mia',
            }),
          ),
        ).toBe('SLOT_TAKEN');
        // Her stranded pending booking needs a stylist now: approving it names one.
        expect(await refusal(changeBooking(ctx, rita, 'bk_seed_6', { action: 'approve' }))).toBe(
          'BAD_REQUEST',
        );
        expect(
          await refusal(
            changeBooking(ctx, rita, 'bk_seed_6', { action: 'approve', staffId: 'st_mia' }),
          ),
        ).toBe('SLOT_TAKEN');
      });
    });

    describe('tickets and chat', () => {
      it('a customer opens a ticket with its first message and sees their place in the queue', async () => {
        const opened = await openTicket(ctx, ava, {
          subject: 'Parking?',
          message: 'Is there parking nearby?',
        });
        expect(opened.result).toMatchObject({
          status: 'waiting',
          customerName: 'Ava',
          queuePosition: 2,
        });
        expect(kinds(opened)).toEqual(['ticket.created', 'chat.message']);
        expect((await listTickets(ctx, rita, {})).map((t) => t.id)).toEqual([
          opened.result.id,
          'tk_seed_1',
        ]);
        expect((await listTickets(ctx, ava, {})).map((t) => t.id)).toEqual([opened.result.id]);
        expect(await refusal(listTickets(ctx, mia, {}))).toBe('FORBIDDEN');
        expect(await refusal(openTicket(ctx, rita, { subject: 'x', message: 'y' }))).toBe(
          'FORBIDDEN',
        );
        expect(
          await refusal(
            openTicket(ctx, ava, { subject: 'x', message: 'y', bookingId: 'bk_seed_4' }),
          ),
        ).toBe('BAD_REQUEST');
        expect(await refusal(listMessages(ctx, ben, opened.result.id, { limit: 50 }))).toBe(
          'NOT_FOUND',
        );
      });

      it('first claim wins; the conversation runs until completed', async () => {
        expect(await refusal(claimTicket(ctx, ben, 'tk_seed_1'))).toBe('FORBIDDEN');
        const results = await Promise.allSettled([
          claimTicket(ctx, rita, 'tk_seed_1'),
          claimTicket(ctx, max, 'tk_seed_1'),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toMatchObject({ code: 'ALREADY_CLAIMED' });
        const claimed = (await listTickets(ctx, ben, {}))[0]!;
        expect(claimed).toMatchObject({ status: 'active', queuePosition: null });
        expect(['Rita', 'Max']).toContain(claimed.agentName);

        const reply = await postMessage(ctx, rita, 'tk_seed_1', { content: 'Of course!' });
        expect(reply.result).toMatchObject({ senderName: 'Rita', senderRole: 'receptionist' });
        expect(await refusal(cancelTicket(ctx, ben, 'tk_seed_1'))).toBe('ILLEGAL_TRANSITION');
        const done = await completeTicket(ctx, ben, 'tk_seed_1');
        expect(done.result.status).toBe('completed');
        expect(kinds(done)).toEqual(['ticket.completed']);
        expect(await refusal(postMessage(ctx, ben, 'tk_seed_1', { content: 'one more' }))).toBe(
          'ILLEGAL_TRANSITION',
        );
      });

      it('only the customer withdraws a waiting ticket', async () => {
        expect(await refusal(cancelTicket(ctx, rita, 'tk_seed_1'))).toBe('FORBIDDEN');
        const withdrawn = await cancelTicket(ctx, ben, 'tk_seed_1');
        expect(withdrawn.result.status).toBe('cancelled');
        expect(await refusal(claimTicket(ctx, rita, 'tk_seed_1'))).toBe('ILLEGAL_TRANSITION');
      });

      it('pages a conversation from the newest back', async () => {
        for (let i = 1; i <= 4; i += 1) {
          await postMessage(ctx, ben, 'tk_seed_1', { content: `message ${i}` });
        }
        const last = await listMessages(ctx, ben, 'tk_seed_1', { limit: 2 });
        expect(last.messages.map((m) => m.content)).toEqual(['message 3', 'message 4']);
        expect(last.hasMore).toBe(true);
        const earlier = await listMessages(ctx, rita, 'tk_seed_1', {
          limit: 10,
          before: last.messages[0]!.id,
        });
        expect(earlier.messages).toHaveLength(3);
        expect(earlier.hasMore).toBe(false);
        expect(
          await refusal(listMessages(ctx, ben, 'tk_seed_1', { limit: 2, before: 'msg_nope' })),
        ).toBe('BAD_REQUEST');
      });
    });

    describe('limits', () => {
      it('a customer waits on at most 5 requests; the desk is not limited', async () => {
        // Ava already has one pending request (bk_seed_6).
        for (const time of ['09:00', '10:00', '11:00', '12:00']) {
          await createBooking(ctx, ava, { serviceId: 'sv_cut', date: day.free, time });
        }
        const sixth = createBooking(ctx, ava, {
          serviceId: 'sv_cut',
          date: day.free,
          time: '13:00',
        });
        await expect(sixth).rejects.toMatchObject({
          code: 'LIMIT',
          status: 409,
          details: { limit: 'pending_bookings' },
        });
        const byDesk = await createBooking(ctx, rita, {
          serviceId: 'sv_cut',
          date: day.free,
          time: '13:00',
          customerId: ava.id,
        });
        expect(byDesk.result.status).toBe('confirmed');
      });

      it('a customer has at most 3 open conversations', async () => {
        // Ben already waits in the queue (tk_seed_1).
        await openTicket(ctx, ben, { subject: 'Two', message: 'second' });
        await openTicket(ctx, ben, { subject: 'Three', message: 'third' });
        await expect(openTicket(ctx, ben, { subject: 'Four', message: 'x' })).rejects.toMatchObject(
          { code: 'LIMIT', status: 409, details: { limit: 'open_tickets' } },
        );
        await cancelTicket(ctx, ben, 'tk_seed_1');
        await openTicket(ctx, ben, { subject: 'Four', message: 'now there is room' });
      });

      it('chat: at most 10 messages in 10 seconds per person, then 429 with when to retry', async () => {
        // Ben's first message (seeded) was sent at this same instant: nine more fit.
        for (let i = 0; i < 9; i += 1) {
          await postMessage(ctx, ben, 'tk_seed_1', { content: `burst ${i}` });
        }
        await expect(
          postMessage(ctx, ben, 'tk_seed_1', { content: 'one too many' }),
        ).rejects.toMatchObject({
          code: 'LIMIT',
          status: 429,
          details: { limit: 'chat_rate', retryAfterS: 10 },
        });
        // Someone else in the same conversation is not slowed down by Ben.
        await claimTicket(ctx, rita, 'tk_seed_1');
        await postMessage(ctx, rita, 'tk_seed_1', { content: 'Hello Ben' });
      });

      it('leave starts at most 365 days ahead', async () => {
        const far = addDays(day.today, 366);
        expect(await refusal(requestLeave(ctx, mia, { from: far, to: far, reason: 'x' }))).toBe(
          'BAD_REQUEST',
        );
      });
    });

    describe('realtime capability', () => {
      it('follows what each person holds, and never grants publish', async () => {
        const avas = await capabilityFor(ctx, ava);
        expect(avas[resources.booking('bk_seed_6')]).toEqual(['subscribe']);
        expect(avas[resources.booking('bk_seed_5')]).toBeUndefined();
        expect(Object.keys(avas).some((r) => r.startsWith('session:'))).toBe(false);
        const bens = await capabilityFor(ctx, ben);
        expect(bens[resources.sessionAll('tk_seed_1')]).toEqual(['subscribe', 'presence']);
        const mias = await capabilityFor(ctx, mia);
        expect(Object.keys(mias).sort()).toEqual(
          [
            resources.userNotifications(mia.id),
            resources.staffSchedule('st_mia'),
            resources.booking('bk_seed_4'),
            resources.booking('bk_seed_6'),
            resources.booking('bk_seed_9'),
          ].sort(),
        );
        const ritas = await capabilityFor(ctx, rita);
        const everyOp = [avas, bens, mias, ritas].flatMap((c) => Object.values(c).flat());
        expect(everyOp).not.toContain('publish');
      });
    });

    describe('notifications', () => {
      it('tells the desk of a request and the customer of the decision, with the reason', async () => {
        const asked = await createBooking(ctx, ava, {
          serviceId: 'sv_cut',
          date: day.free,
          time: '09:00',
        });
        for (const desk of [rita, max, olivia]) {
          const inbox = await listNotifications(ctx, desk);
          expect(inbox.unread).toBe(1);
          expect(inbox.items[0]).toMatchObject({
            kind: 'booking.requested',
            title: 'New booking request',
            link: '/desk',
            readAt: null,
          });
        }
        expect((await listNotifications(ctx, ava)).unread).toBe(0);

        await changeBooking(ctx, rita, asked.result.id, {
          action: 'decline',
          reason: 'Mia is at a training day',
        });
        const avas = await listNotifications(ctx, ava);
        expect(avas.unread).toBe(1);
        expect(avas.items[0]).toMatchObject({
          kind: 'booking.declined',
          link: `/bookings/${asked.result.id}`,
        });
        expect(avas.items[0]!.body).toContain('Reason: Mia is at a training day');
        // Rita made the change: she is not told of it.
        expect((await listNotifications(ctx, rita)).unread).toBe(1);
      });

      it('says what changed: a new stylist, and the stylists both hear of it', async () => {
        await changeBooking(ctx, rita, 'bk_seed_9', { action: 'assign', staffId: 'st_zoe' });
        const [bens] = (await listNotifications(ctx, ben)).items;
        expect(bens).toMatchObject({ kind: 'booking.stylist_changed' });
        expect(bens!.body).toContain('Mia → Zoe');
        expect((await listNotifications(ctx, mia)).items[0]).toMatchObject({
          kind: 'staff.unassigned',
        });
        expect((await listNotifications(ctx, people.zoe)).items[0]).toMatchObject({
          kind: 'staff.assigned',
        });
      });

      it('marks one, several or all read — only the caller’s own', async () => {
        for (const time of ['09:00', '10:00', '11:00']) {
          await createBooking(ctx, ava, { serviceId: 'sv_cut', date: day.free, time });
        }
        const inbox = await listNotifications(ctx, rita);
        expect(inbox.unread).toBe(3);
        const [newest, ...rest] = inbox.items;
        const one = await markNotificationsRead(ctx, rita, { ids: [newest!.id] });
        expect(one.result.unread).toBe(2);
        expect(one.mutations).toEqual([
          { kind: 'notifications.read', userId: rita.id, ids: [newest!.id], unread: 2 },
        ]);
        // Max's copy of the same news is his own, untouched by Rita.
        const maxs = await listNotifications(ctx, max);
        expect(
          (await markNotificationsRead(ctx, rita, { ids: [maxs.items[0]!.id] })).result,
        ).toEqual({ unread: 2 });
        expect((await listNotifications(ctx, max)).unread).toBe(3);
        expect((await markNotificationsRead(ctx, rita, { all: true })).result.unread).toBe(0);
        expect(rest.length).toBe(2);
      });

      it('support: a reply is unread for the other side until they open the conversation', async () => {
        await claimTicket(ctx, rita, 'tk_seed_1');
        await postMessage(ctx, rita, 'tk_seed_1', { content: 'Yes, tomorrow at 11 works.' });
        const [bensTicket] = await listTickets(ctx, ben, {});
        expect(bensTicket).toMatchObject({
          unreadCount: 1,
          lastMessage: { senderName: 'Rita', preview: 'Yes, tomorrow at 11 works.' },
        });
        const bens = await listNotifications(ctx, ben);
        expect(bens.items[0]).toMatchObject({
          kind: 'support.reply',
          title: 'Rita replied',
          link: '/support/tk_seed_1',
        });
        // Rita wrote it: nothing unread for her (Ben's first message she had not opened).
        const [ritasView] = await listTickets(ctx, rita, {});
        expect(ritasView!.unreadCount).toBe(0);

        const read = await markTicketRead(ctx, ben, 'tk_seed_1');
        expect(read.result).toEqual({ unreadCount: 0 });
        expect(read.mutations).toMatchObject([{ kind: 'notifications.read', unread: 0 }]);
        expect((await listTickets(ctx, ben, {}))[0]!.unreadCount).toBe(0);
        expect((await listNotifications(ctx, ben)).unread).toBe(0);
        expect(await refusal(markTicketRead(ctx, ava, 'tk_seed_1'))).toBe('NOT_FOUND');

        // Ben answers: his agent hears of it.
        await postMessage(ctx, ben, 'tk_seed_1', { content: 'Great, thanks!' });
        expect((await listNotifications(ctx, rita)).items[0]).toMatchObject({
          kind: 'support.reply',
          link: '/desk/support/tk_seed_1',
        });
        expect((await listTickets(ctx, rita, {}))[0]!.unreadCount).toBe(1);
      });

      it('a leave decision reaches the stylist; a request reaches those who decide', async () => {
        const asked = await requestLeave(ctx, mia, {
          from: day.free,
          to: day.free,
          reason: 'Dentist',
        });
        expect((await listNotifications(ctx, max)).items[0]).toMatchObject({
          kind: 'leave.requested',
        });
        expect((await listNotifications(ctx, rita)).unread).toBe(0);
        await decideLeave(ctx, max, asked.result.id, { action: 'decline' });
        expect((await listNotifications(ctx, mia)).items[0]).toMatchObject({
          kind: 'leave.decided',
          title: 'Leave declined',
        });
      });
    });

    describe('the token stays small whatever a person holds', () => {
      it('caps booking and ticket channels', async () => {
        await ctx.store.write(async (tx) => {
          for (let i = 0; i < 150; i += 1) {
            const date = addDays(day.free, Math.floor(i / 18));
            const time = `${String(9 + Math.floor((i % 18) / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
            for (const [who, staffId] of [
              [ava.id, 'st_mia'],
              [ben.id, 'st_leo'],
            ] as const) {
              await tx.bookings.insert({
                id: `bk_bulk_${who}_${i}`,
                customerId: who,
                serviceId: 'sv_cut',
                staffId,
                branchId: 'br_main',
                date,
                time,
                durationMin: 30,
                status: 'confirmed',
                createdAt: new Date(now.getTime() + i).toISOString(),
              });
            }
          }
        });
        const avas = await capabilityFor(ctx, ava);
        const mias = await capabilityFor(ctx, mia);
        const bookingsOf = (c: Record<string, unknown>) =>
          Object.keys(c).filter((r) => r.startsWith('booking:'));
        expect(bookingsOf(avas)).toHaveLength(50);
        // The newest are the ones followed.
        expect(avas[resources.booking(`bk_bulk_${ava.id}_149`)]).toEqual(['subscribe']);
        expect(bookingsOf(mias)).toHaveLength(100);
        expect(JSON.stringify(mias).length).toBeLessThan(5000);
      });
    });

    describe('the store', () => {
      it('keeps nothing of a write that fails part-way', async () => {
        await expect(
          ctx.store.write(async (tx) => {
            await tx.tickets.transition('tk_seed_1', { from: 'waiting', to: 'active' }, 'x');
            throw new Error('the rest failed');
          }),
        ).rejects.toThrow('the rest failed');
        expect((await listTickets(ctx, ben, {}))[0]?.status).toBe('waiting');
      });
    });
  });
}
