import type { BookingStatus } from './entities';
import { ApiError } from './errors';
import { isActive } from './rules';

export { isActive, isTerminal, TERMINAL_STATUSES } from './rules';

// docs/architecture.md §6: pending → confirmed | declined | cancelled; confirmed → completed | no_show | cancelled.

export type StatusAction = 'approve' | 'decline' | 'cancel' | 'complete' | 'no_show';

const transitions: Record<StatusAction, { from: readonly BookingStatus[]; to: BookingStatus }> = {
  approve: { from: ['pending'], to: 'confirmed' },
  decline: { from: ['pending'], to: 'declined' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled' },
  complete: { from: ['confirmed'], to: 'completed' },
  no_show: { from: ['confirmed'], to: 'no_show' },
};

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
export function assertActive(
  current: BookingStatus,
  action: 'reschedule' | 'assign' | 'change the services of',
): void {
  if (!isActive(current)) {
    throw new ApiError(
      'ILLEGAL_TRANSITION',
      `Cannot ${action} a booking that is ${current.replace('_', '-')}`,
      { currentStatus: current, action },
    );
  }
}
