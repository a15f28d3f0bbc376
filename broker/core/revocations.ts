import type { AuthContext } from './tokens';

// Token revocation by clientId (Ably's revokeTokens, TRS*): tokens of a clientId issued
// before `issuedBefore` are refused from `appliesAt` on. Only token auth is affected.

interface Revocation {
  issuedBefore: number;
  appliesAt: number;
}

/** Revocations outlive every token they could refuse: ours live at most 24 h. */
const KEEP_MS = 24 * 3600 * 1000;
const MAX_ENTRIES = 100_000;

export class Revocations {
  private readonly byTarget = new Map<string, Revocation>();

  private static id(keyName: string, clientId: string): string {
    return `${keyName}\u0000${clientId}`;
  }

  add(keyName: string, clientId: string, issuedBefore: number, appliesAt: number): void {
    const id = Revocations.id(keyName, clientId);
    const prev = this.byTarget.get(id);
    // A later revocation widens the earlier one; it never narrows it.
    if (prev && prev.issuedBefore >= issuedBefore && prev.appliesAt <= appliesAt) return;
    this.byTarget.delete(id);
    this.byTarget.set(id, {
      issuedBefore: Math.max(issuedBefore, prev?.issuedBefore ?? 0),
      appliesAt: Math.min(appliesAt, prev?.appliesAt ?? appliesAt),
    });
    if (this.byTarget.size > MAX_ENTRIES) {
      const oldest = this.byTarget.keys().next().value;
      if (oldest !== undefined) this.byTarget.delete(oldest);
    }
  }

  /** Whether this token auth is refused now. A token without `iat` counts as old. */
  isRevoked(auth: AuthContext, now: number): boolean {
    if (auth.method !== 'token' || !auth.clientId) return false;
    const r = this.byTarget.get(Revocations.id(auth.keyName, auth.clientId));
    if (!r || now < r.appliesAt) return false;
    return (auth.issuedAt ?? Number.NEGATIVE_INFINITY) < r.issuedBefore;
  }

  /** Whether the auth falls under a revocation, whether or not it applies yet. */
  isTargeted(auth: AuthContext): boolean {
    if (auth.method !== 'token' || !auth.clientId) return false;
    const r = this.byTarget.get(Revocations.id(auth.keyName, auth.clientId));
    return !!r && (auth.issuedAt ?? Number.NEGATIVE_INFINITY) < r.issuedBefore;
  }

  prune(now: number): void {
    for (const [id, r] of this.byTarget) {
      if (now - r.appliesAt > KEEP_MS) this.byTarget.delete(id);
    }
  }
}
