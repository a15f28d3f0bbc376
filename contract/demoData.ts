import type { Booking, Branch, ChatMessage, Service, Ticket, User, WeekHours } from './entities';
import { DEFAULT_BOOKING_HORIZON_DAYS } from './limits';
import { addDays, localDate, localMinutes, toMinutes } from './slots';

// The demo salon (docs/architecture.md §11), as data. The API seeds SQLite from it; mock mode seeds
// the in-browser store from it — one definition, so both modes show the same salon.

export const DEMO_PASSWORD = 'glowdesk-demo';

const nineToSix = { open: '09:00', close: '18:00' };
/** Open every day 09:00–18:00 (the owner closes days in the settings page). */
export const demoHours: WeekHours = {
  mon: nineToSix,
  tue: nineToSix,
  wed: nineToSix,
  thu: nineToSix,
  fri: nineToSix,
  sat: nineToSix,
  sun: nineToSix,
};

/** The zone a new install's branch starts in: the host's (the owner changes it in settings). */
export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const demoBranch: Branch = {
  id: 'br_main',
  name: 'Glowdesk Salon',
  timeZone: 'UTC',
  locale: 'en-IE',
  currency: 'EUR',
  hours: demoHours,
  bookingHorizonDays: DEFAULT_BOOKING_HORIZON_DAYS,
};

/** The demo branch in `timeZone` (default: the host's zone). */
export function demoBranchIn(timeZone: string = hostTimeZone()): Branch {
  return { ...demoBranch, hours: { ...demoHours }, timeZone };
}

/** Phone numbers of the demo customers (the desk sees them on bookings). */
export const demoPhones: Record<string, string> = {
  u_ava: '+353 85 555 0101',
  u_ben: '+353 85 555 0102',
};

export const demoServices: Service[] = [
  { id: 'sv_cut', name: 'Haircut', durationMin: 30, priceCents: 3500 },
  { id: 'sv_blowdry', name: 'Blow-dry', durationMin: 30, priceCents: 2500 },
  { id: 'sv_style', name: 'Cut & style', durationMin: 60, priceCents: 5500 },
  { id: 'sv_colour', name: 'Colour', durationMin: 90, priceCents: 9500 },
];

const user = (
  id: string,
  name: string,
  role: User['role'],
  staffId: string | null = null,
): User => ({
  id,
  name,
  email: `${name.toLowerCase()}@glowdesk.test`,
  role,
  staffId,
  branchId: demoBranch.id,
});

export const demoUsers: User[] = [
  user('u_olivia', 'Olivia', 'owner'),
  user('u_max', 'Max', 'manager'),
  user('u_rita', 'Rita', 'receptionist'),
  user('u_mia', 'Mia', 'staff', 'st_mia'),
  user('u_leo', 'Leo', 'staff', 'st_leo'),
  user('u_zoe', 'Zoe', 'staff', 'st_zoe'),
  user('u_ava', 'Ava', 'customer'),
  user('u_ben', 'Ben', 'customer'),
];

export const demoStaff = [
  { id: 'st_mia', name: 'Mia', userId: 'u_mia' },
  { id: 'st_leo', name: 'Leo', userId: 'u_leo' },
  { id: 'st_zoe', name: 'Zoe', userId: 'u_zoe' },
];

type Seed = [
  id: string,
  day: 0 | 1,
  time: string,
  customer: 'u_ava' | 'u_ben',
  service: string,
  staff: string,
  status: Booking['status'],
];

// Today and tomorrow, every state; Ava has a pending and a confirmed booking tomorrow.
const seeds: Seed[] = [
  ['bk_seed_1', 0, '09:00', 'u_ben', 'sv_cut', 'st_mia', 'completed'],
  ['bk_seed_2', 0, '09:30', 'u_ben', 'sv_blowdry', 'st_leo', 'no_show'],
  ['bk_seed_3', 0, '16:00', 'u_ava', 'sv_style', 'st_zoe', 'confirmed'],
  ['bk_seed_4', 0, '16:30', 'u_ben', 'sv_colour', 'st_mia', 'pending'],
  ['bk_seed_5', 0, '17:00', 'u_ava', 'sv_cut', 'st_leo', 'cancelled'],
  ['bk_seed_6', 1, '10:00', 'u_ava', 'sv_cut', 'st_mia', 'pending'],
  ['bk_seed_7', 1, '11:00', 'u_ava', 'sv_colour', 'st_leo', 'confirmed'],
  ['bk_seed_8', 1, '13:00', 'u_ben', 'sv_style', 'st_zoe', 'declined'],
  ['bk_seed_9', 1, '15:00', 'u_ben', 'sv_cut', 'st_mia', 'confirmed'],
];

export interface DemoData {
  bookings: Booking[];
  tickets: Ticket[];
  messages: ChatMessage[];
}

/**
 * Bookings and the waiting ticket, dated relative to `today` (YYYY-MM-DD, the branch's) and
 * stamped `now`. `minutesNow` is the branch's clock: a completed or no-show booking of today
 * that would not have ended yet moves to yesterday (nothing in the future is already done).
 */
export function demoActivity(today: string, now: string, minutesNow = 24 * 60): DemoData {
  const byId = <T extends { id: string }>(list: T[], id: string) => list.find((x) => x.id === id)!;
  const bookings = seeds.map(([id, day, time, customerId, serviceId, staffId, status]): Booking => {
    const service = byId(demoServices, serviceId);
    const customer = byId(demoUsers, customerId);
    const done = status === 'completed' || status === 'no_show';
    const notOverYet = toMinutes(time) + service.durationMin > minutesNow;
    const offset = day === 0 && done && notOverYet ? -1 : day;
    return {
      id,
      customerId,
      customerName: customer.name,
      customerEmail: customer.email,
      ...(demoPhones[customerId] ? { customerPhone: demoPhones[customerId] } : {}),
      services: [{ ...service }],
      serviceId,
      serviceName: service.name,
      priceCents: service.priceCents,
      staffId,
      staffName: byId(demoStaff, staffId).name,
      branchId: demoBranch.id,
      date: addDays(today, offset),
      time,
      durationMin: service.durationMin,
      status,
      needsStaff: false,
      source: 'online',
      version: status === 'pending' ? 1 : 2,
      createdAt: now,
      updatedAt: now,
    };
  });
  const tickets: Ticket[] = [
    {
      id: 'tk_seed_1',
      customerId: 'u_ben',
      customerName: 'Ben',
      subject: 'Can I move my colour appointment?',
      bookingId: 'bk_seed_4',
      status: 'waiting',
      agentId: null,
      agentName: null,
      queuePosition: 1,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
  ];
  const messages: ChatMessage[] = [
    {
      id: 'msg_seed_1',
      sessionId: 'tk_seed_1',
      senderId: 'u_ben',
      senderName: 'Ben',
      senderRole: 'customer',
      content: 'Hi! Something came up this afternoon — could my colour move to tomorrow?',
      timestamp: now,
    },
  ];
  return { bookings, tickets, messages };
}

/**
 * The whole demo salon as of `now` in the branch's `timeZone` (default: the host's): reference
 * data, people and the day's activity, placed relative to the branch's today and clock.
 */
export function demoSalon(now: Date, timeZone: string = hostTimeZone()) {
  const today = localDate(now, timeZone);
  return {
    branch: demoBranchIn(timeZone),
    services: demoServices.map((s) => ({ ...s })),
    staff: demoStaff.map((s) => ({ ...s, branchId: demoBranch.id })),
    users: demoUsers.map((u) => ({ ...u })),
    phones: { ...demoPhones },
    password: DEMO_PASSWORD,
    today,
    ...demoActivity(today, now.toISOString(), localMinutes(now, timeZone)),
  };
}
