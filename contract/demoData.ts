import type { Booking, ChatMessage, Service, Ticket, User } from './entities';
import { addDays, localDate } from './slots';

// The demo salon (DESIGN §11), as data. The API seeds SQLite from it; mock mode seeds
// the in-browser store from it — one definition, so both modes show the same salon.

export const DEMO_PASSWORD = 'glowdesk-demo';

export const demoBranch = {
  id: 'br_main',
  name: 'Glowdesk Salon',
  opensAt: '09:00',
  closesAt: '18:00',
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

/** Bookings and the waiting ticket, dated relative to `today` (YYYY-MM-DD) and stamped `now`. */
export function demoActivity(today: string, now: string): DemoData {
  const byId = <T extends { id: string }>(list: T[], id: string) => list.find((x) => x.id === id)!;
  const bookings = seeds.map(([id, day, time, customerId, serviceId, staffId, status]): Booking => {
    const service = byId(demoServices, serviceId);
    return {
      id,
      customerId,
      customerName: byId(demoUsers, customerId).name,
      serviceId,
      serviceName: service.name,
      staffId,
      staffName: byId(demoStaff, staffId).name,
      branchId: demoBranch.id,
      date: addDays(today, day),
      time,
      durationMin: service.durationMin,
      status,
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

/** The whole demo salon as of `now`: reference data, people and the day's activity. */
export function demoSalon(now: Date) {
  return {
    branch: { ...demoBranch },
    services: demoServices.map((s) => ({ ...s })),
    staff: demoStaff.map((s) => ({ ...s, branchId: demoBranch.id })),
    users: demoUsers.map((u) => ({ ...u })),
    password: DEMO_PASSWORD,
    today: localDate(now),
    ...demoActivity(localDate(now), now.toISOString()),
  };
}
