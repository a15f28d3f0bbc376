import { describe, expect, it } from 'vitest';
import { buildCapability } from './capability';

describe('buildCapability', () => {
  it('customer: own namespace, own bookings and tickets, the queue — never a wildcard over others', () => {
    const cap = buildCapability({
      role: 'customer',
      userId: 'u_ava',
      bookingIds: ['bk_1', 'bk_2'],
      ticketIds: ['tk_9'],
    });
    expect(cap).toEqual({
      'user:u_ava:notifications': ['subscribe'],
      'customer:u_ava:*': ['subscribe'],
      'booking:bk_1': ['subscribe'],
      'booking:bk_2': ['subscribe'],
      'session:tk_9:*': ['subscribe', 'presence'],
      'queue:updates': ['subscribe'],
    });
  });

  it('customer booking channels are capped at 50', () => {
    const bookingIds = Array.from({ length: 60 }, (_, i) => `bk_${i}`);
    const cap = buildCapability({ role: 'customer', userId: 'u', bookingIds });
    expect(Object.keys(cap).filter((k) => k.startsWith('booking:'))).toHaveLength(50);
  });

  it('staff: own schedule and assigned bookings', () => {
    expect(
      buildCapability({ role: 'staff', userId: 'u_mia', staffId: 'st_mia', bookingIds: ['bk_1'] }),
    ).toEqual({
      'user:u_mia:notifications': ['subscribe'],
      'staff:st_mia:schedule': ['subscribe'],
      'booking:bk_1': ['subscribe'],
    });
  });

  it.each(['receptionist', 'manager', 'owner'] as const)('%s (desk)', (role) => {
    expect(buildCapability({ role, userId: 'u' })).toEqual({
      'user:u:notifications': ['subscribe'],
      'admin:*': ['subscribe'],
      'booking:*': ['subscribe'],
      'queue:updates': ['subscribe'],
      'session:*': ['subscribe', 'presence'],
    });
  });

  it('no role ever gets publish', () => {
    for (const role of ['customer', 'staff', 'receptionist', 'manager', 'owner'] as const) {
      const cap = buildCapability({
        role,
        userId: 'u',
        staffId: 's',
        bookingIds: ['b'],
        ticketIds: ['t'],
      });
      for (const ops of Object.values(cap)) expect(ops).not.toContain('publish');
    }
  });
});
