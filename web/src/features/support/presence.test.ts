import { describe, expect, it } from 'vitest';
import type { Ticket, User } from '../../../../contract/entities';
import { parsePresenceData } from '../../realtime/validate';
import { knownPeople, presenceMembers } from './presence';

const ticket = {
  id: 'tk_1',
  customerId: 'u_ava',
  customerName: 'Ava',
  agentId: 'u_rita',
  agentName: 'Rita',
} as Ticket;
const rita = { id: 'u_rita', name: 'Rita', role: 'receptionist' } as User;
const known = knownPeople(ticket, rita, [
  { senderId: 'u_max', senderName: 'Max', senderRole: 'manager' },
]);
const at = '2026-12-01T10:00:00.000Z';
const data = (over: Record<string, unknown> = {}) => ({
  userId: 'u_ava',
  name: 'Ava',
  role: 'customer',
  joinedAt: at,
  typing: false,
  ...over,
});

describe('presence members', () => {
  it('names a member from what the page knows of their clientId, not from their claim', () => {
    // Ava's own session claims to be Rita, typing.
    const spoof = data({ userId: 'u_rita', name: 'Rita', role: 'receptionist', typing: true });
    const members = presenceMembers([{ clientId: 'u_ava', data: spoof }], known, parsePresenceData);
    expect(members).toEqual([
      { userId: 'u_ava', name: 'Ava', role: 'customer', joinedAt: at, typing: true },
    ]);
    expect(members.some((m) => m.name === 'Rita')).toBe(false);
  });

  it('ignores malformed data instead of throwing, and never invents a typing flag', () => {
    const members = presenceMembers(
      [
        { clientId: 'u_ava', data: { typing: true } },
        { clientId: 'u_max', data: 'garbage', timestamp: 5 },
        { clientId: 'u_zed', data: null },
        { data: data() },
        { clientId: '', data: data() },
      ],
      known,
      parsePresenceData,
    );
    expect(members.map((m) => [m.userId, m.name, m.typing])).toEqual([
      ['u_ava', 'Ava', false],
      ['u_zed', 'Salon team', false],
      ['u_max', 'Max', false], // joined last: its presence message's timestamp
    ]);
  });

  it('folds several tabs of one person into one member', () => {
    const members = presenceMembers(
      [
        { clientId: 'u_rita', data: data({ joinedAt: '2026-12-01T10:05:00.000Z' }) },
        { clientId: 'u_rita', data: data({ typing: true }) },
      ],
      known,
      parsePresenceData,
    );
    expect(members).toEqual([
      { userId: 'u_rita', name: 'Rita', role: 'receptionist', joinedAt: at, typing: true },
    ]);
  });
});
