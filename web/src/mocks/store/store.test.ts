import { afterEach, describe, expect, it } from 'vitest';
import { changeBooking, claimTicket } from '../../../../domain';
import { DB_KEY, ensureFreshSeed, loadDb, readDb, resetDemoData } from './db';
import { mockDomain, mockStore } from './domainStore';
import { currentUser, signIn } from './session';
import { MemoryStorage, useStorages } from './storage';

// Two "tabs": one shared storage (localStorage), one session storage each.
function twoTabs() {
  const shared = new MemoryStorage();
  const tabA = new MemoryStorage();
  const tabB = new MemoryStorage();
  return {
    shared,
    inA: () => useStorages({ shared, tab: tabA }),
    inB: () => useStorages({ shared, tab: tabB }),
  };
}

afterEach(() => {
  useStorages({ shared: new MemoryStorage(), tab: new MemoryStorage() });
});

describe('mock store', () => {
  it('seeds from contract/demoData on first use', () => {
    useStorages({ shared: new MemoryStorage() });
    const db = loadDb();
    expect(db.users.map((u) => u.email)).toContain('ava@glowdesk.test');
    expect(db.tickets).toHaveLength(1);
    expect(db.bookings.some((b) => b.customerId === 'u_ava' && b.status === 'pending')).toBe(true);
  });

  it('shares data between tabs while each tab has its own signed-in user', async () => {
    const tabs = twoTabs();
    tabs.inA();
    signIn('u_ava');
    tabs.inB();
    signIn('u_rita');
    const rita = currentUser()!;
    await changeBooking(mockDomain, rita, 'bk_seed_6', { action: 'approve' });

    tabs.inA();
    expect(currentUser()?.id).toBe('u_ava');
    expect(readDb((db) => db.bookings.find((b) => b.id === 'bk_seed_6')?.status)).toBe('confirmed');
  });

  it('does not write when a transaction throws', async () => {
    const tabs = twoTabs();
    tabs.inA();
    resetDemoData();
    const before = tabs.shared.getItem(DB_KEY);
    await expect(
      mockStore.write(async (tx) => {
        await tx.tickets.transition('tk_seed_1', { from: 'waiting', to: 'active' }, 'now');
        throw new Error('the rest of the change failed');
      }),
    ).rejects.toThrow('the rest of the change failed');
    expect(tabs.shared.getItem(DB_KEY)).toBe(before);
  });

  it('serializes concurrent claims: exactly one wins', async () => {
    const tabs = twoTabs();
    tabs.inA();
    resetDemoData();
    const [rita, max] = readDb((db) =>
      ['u_rita', 'u_max'].map((id) => db.users.find((u) => u.id === id)!),
    );
    const results = await Promise.allSettled([
      claimTicket(mockDomain, rita!, 'tk_seed_1'),
      claimTicket(mockDomain, max!, 'tk_seed_1'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'ALREADY_CLAIMED', status: 409 });
  });

  it('re-seeds data stamped on another day, and reset restores the seed', async () => {
    const tabs = twoTabs();
    tabs.inA();
    resetDemoData(new Date('2020-01-01T10:00:00'));
    ensureFreshSeed();
    expect(loadDb().seededOn).not.toBe('2020-01-01');

    const rita = readDb((db) => db.users.find((u) => u.id === 'u_rita')!);
    await claimTicket(mockDomain, rita, 'tk_seed_1');
    resetDemoData();
    expect(loadDb().tickets[0]?.status).toBe('waiting');
  });
});
