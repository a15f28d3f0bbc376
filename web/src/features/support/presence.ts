import { useEffect, useState } from 'react';
import type { ChatMessage, PresenceData, Ticket, User } from '../../../../contract/entities';
import type { Role } from '../../../../contract/rules';

// Who is in a conversation, from its presence set. Presence data is what a member's own
// browser claims, so it is trusted for nothing but its typing flag, and only once it passes
// the contract's schema: members are keyed by the clientId the broker stamped from their
// token, and named from what this page knows for sure of that id (docs/architecture.md §5).

export interface KnownPerson {
  name: string;
  role: Role;
}

/** Me, the ticket's customer and agent, and the (server-stamped) senders of its messages. */
export function knownPeople(
  ticket: Ticket,
  me: User,
  messages: readonly Pick<ChatMessage, 'senderId' | 'senderName' | 'senderRole'>[],
): Map<string, KnownPerson> {
  const known = new Map<string, KnownPerson>();
  for (const m of messages) known.set(m.senderId, { name: m.senderName, role: m.senderRole });
  if (ticket.agentId && ticket.agentName) {
    known.set(ticket.agentId, {
      name: ticket.agentName,
      role: known.get(ticket.agentId)?.role ?? 'receptionist',
    });
  }
  known.set(ticket.customerId, { name: ticket.customerName, role: 'customer' });
  known.set(me.id, { name: me.name, role: me.role });
  return known;
}

/** Someone of the salon this page has no name for yet (only the desk may join a ticket). */
const SALON: KnownPerson = { name: 'Salon team', role: 'receptionist' };

export type PresenceParser = (data: unknown) => PresenceData | null;

/** Members of a presence set, one per clientId, in order of arrival; never throws on input. */
export function presenceMembers(
  presence: ReadonlyArray<{ clientId?: string; data?: unknown; timestamp?: number }>,
  known: ReadonlyMap<string, KnownPerson>,
  parse: PresenceParser | null,
): PresenceData[] {
  const byUser = new Map<string, PresenceData>();
  for (const m of presence) {
    if (typeof m.clientId !== 'string' || !m.clientId) continue;
    const claimed = parse?.(m.data) ?? null;
    const who = known.get(m.clientId) ?? SALON;
    const joinedAt =
      claimed?.joinedAt ?? new Date(Number.isFinite(m.timestamp) ? m.timestamp! : 0).toISOString();
    const typing = claimed?.typing === true;
    const prev = byUser.get(m.clientId);
    // Several tabs of the same person: the earliest join, and typing in any of them counts.
    byUser.set(m.clientId, {
      userId: m.clientId,
      name: who.name,
      role: who.role,
      joinedAt: prev && prev.joinedAt < joinedAt ? prev.joinedAt : joinedAt,
      typing: (prev?.typing ?? false) || typing,
    });
  }
  return [...byUser.values()].sort((a, b) =>
    a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : 0,
  );
}

/** The contract's presence schema, loaded with the other realtime validators (ADR 0070). */
export function usePresenceParser(): PresenceParser | null {
  const [parse, setParse] = useState<PresenceParser | null>(null);
  useEffect(() => {
    let live = true;
    void import('../../realtime/validate').then(({ parsePresenceData }) => {
      if (live) setParse(() => parsePresenceData);
    });
    return () => {
      live = false;
    };
  }, []);
  return parse;
}
