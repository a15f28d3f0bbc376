import type { BookingStatus } from './entities';
import { ApiError } from './errors';

// DESIGN §6: pending → confirmed | declined | cancelled; confirmed → completed | no_show | cancelled.

export type StatusAction = 'approve' | 'decline' | 'cancel' | 'complete' | 'no_show';

const transitions: Record<StatusAction, { from: readonly BookingStatus[]; to: BookingStatus }> = {
  approve: { from: ['pending'], to: 'confirmed' },
  decline: { from: ['pending'], to: 'declined' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled' },
  complete: { from: ['confirmed'], to: 'completed' },
  no_show: { from: ['confirmed'], to: 'no_show' },
};

/** Reschedule and (re)assign keep the status; allowed while the booking is still ahead. */
const ACTIVE: readonly BookingStatus[] = ['pending', 'confirmed'];

export const TERMINAL_STATUSES: readonly BookingStatus[] = [
  'declined',
  'cancelled',
  'completed',
  'no_show',
];

export function isActive(status: BookingStatus): boolean {
  return ACTIVE.includes(status);
}

export function isTerminal(status: BookingStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** The status after `action`, or a 409 that names the current state. */
export function nextStatus(current: BookingStatus, action: StatusAction): BookingStatus {
  const rule = transitions[action];
  if (!rule.from.includes(current)) {
    throw new ApiError(
      'ILLEGAL_TRANSITION',
      `Cannot ${action.replace('_', '-')} a booking that is ${current.replace('_', '-')}`,
      { currentStatus: current, action },
    );
  }
  return rule.to;
}

/** 409 unless the booking can still be moved or reassigned. */
export function assertActive(current: BookingStatus, action: 'reschedule' | 'assign'): void {
  if (!isActive(current)) {
    throw new ApiError(
      'ILLEGAL_TRANSITION',
      `Cannot ${action} a booking that is ${current.replace('_', '-')}`,
      { currentStatus: current, action },
    );
  }
}
