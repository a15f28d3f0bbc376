// Where credentials come from on a connect URL or a REST request.

/** key / access_token from the query, or an Authorization header (Basic / Bearer). */
export function credentialsFrom(
  query: Record<string, string | undefined>,
  headers: Record<string, string | undefined>,
): { key?: string; token?: string; clientId?: string } {
  const clientId = query.clientId || undefined;
  if (query.key) return { key: query.key, clientId };
  if (query.access_token) return { token: query.access_token, clientId };
  const h = headers.authorization ?? headers.Authorization;
  if (h) {
    const [scheme, value = ''] = h.trim().split(/\s+/, 2);
    const lower = scheme?.toLowerCase();
    if (lower === 'basic') {
      const decoded = decodeB64Text(value);
      if (decoded) return { key: decoded, clientId };
    } else if (lower === 'bearer') {
      // ably-js sends base64(token); accept a raw token too.
      const decoded = decodeB64Text(value);
      const token = decoded && decoded.split('.').length === 3 ? decoded : value;
      return { token, clientId };
    }
  }
  return { clientId };
}

export function decodeB64Text(v: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(v), (c) => c.charCodeAt(0)),
    );
  } catch {
    return null;
  }
}
