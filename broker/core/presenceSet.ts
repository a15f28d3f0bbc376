import { PresenceAction, type WirePresenceMessage } from './protocol';

/** The present members of one channel, keyed by connectionId + clientId (RTP2). */
export class PresenceSet {
  private readonly members = new Map<string, WirePresenceMessage>();

  get size(): number {
    return this.members.size;
  }

  static key(connectionId: string, clientId: string): string {
    return `${connectionId}\u0000${clientId}`;
  }

  /** Stores an enter/update as a PRESENT member. */
  put(m: WirePresenceMessage): void {
    this.members.set(PresenceSet.key(m.connectionId ?? '', m.clientId ?? ''), {
      ...m,
      action: PresenceAction.PRESENT,
    });
  }

  get(connectionId: string, clientId: string): WirePresenceMessage | undefined {
    return this.members.get(PresenceSet.key(connectionId, clientId));
  }

  remove(connectionId: string, clientId: string): WirePresenceMessage | undefined {
    const k = PresenceSet.key(connectionId, clientId);
    const m = this.members.get(k);
    if (m) this.members.delete(k);
    return m;
  }

  list(filter?: { clientId?: string; connectionId?: string }): WirePresenceMessage[] {
    const out: WirePresenceMessage[] = [];
    for (const m of this.members.values()) {
      if (filter?.clientId && m.clientId !== filter.clientId) continue;
      if (filter?.connectionId && m.connectionId !== filter.connectionId) continue;
      out.push(m);
    }
    return out;
  }
}
