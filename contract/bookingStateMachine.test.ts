import { describe, expect, it } from 'vitest';
import { nextStatus } from './bookingStateMachine';
import { ApiError } from './errors';
import { coveredTimes, freeStartTimes } from './slots';

describe('booking state machine', () => {
  it('follows docs/architecture.md §6', () => {
    expect(nextStatus('pending', 'approve')).toBe('confirmed');
    expect(nextStatus('pending', 'decline')).toBe('declined');
    expect(nextStatus('confirmed', 'cancel')).toBe('cancelled');
    expect(nextStatus('confirmed', 'no_show')).toBe('no_show');
  });

  it('an illegal transition is a 409 that names the current state', () => {
    try {
      nextStatus('completed', 'approve');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(409);
      expect((error as ApiError).message).toContain('completed');
    }
  });
});

describe('slots', () => {
  it('offers a time only to stylists who are free for the whole service', () => {
    const free = freeStartTimes({
      opensAt: '09:00',
      closesAt: '11:00',
      durationMin: 60,
      staff: [
        { staffId: 'a', off: false, bookings: [{ time: '09:30', durationMin: 30 }] },
        { staffId: 'b', off: true, bookings: [] },
      ],
    });
    expect(free).toEqual([{ time: '10:00', staffIds: ['a'] }]);
    expect(coveredTimes({ time: '10:00', durationMin: 90 })).toEqual(['10:00', '10:30', '11:00']);
  });
});
