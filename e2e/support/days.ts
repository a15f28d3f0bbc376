import { dayFromToday } from './api';

// Specs that share the one live server book on days no other spec touches, so two workers
// never race for the same slot and each spec's schedule grid only changes because of it.
// Seed data lives on today and tomorrow (contract/demoData.ts): nothing here uses them.
// Add a line when you add a spec that books or takes leave.

const reserved = {
  lifecycle: 3,
  lifecycleReschedule: 4,
  notes: 5,
  isolation: 6,
  declineAndCancel: 7,
  faults: 8,
  a11y: 9,
  notifications: 11,
  leave: 40,
} as const;

export type DayKey = keyof typeof reserved;

export const day = (key: DayKey): string => dayFromToday(reserved[key]);
