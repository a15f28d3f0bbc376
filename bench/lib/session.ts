import { DEMO_PASSWORD } from '../../contract/demoData';
import { addDays, coveredTimes, localDate } from '../../contract/slots';

// Signs a demo user in against a running Glowdesk and returns the session cookie header.

export async function signIn(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error(`sign-in as ${email} set no cookie`);
  return cookie;
}

/** JSON calls to a running Glowdesk with a session cookie; a non-2xx answer throws. */
export function apiCaller(baseUrl: string) {
  return async (path: string, cookie: string, init: RequestInit = {}): Promise<unknown> => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...init.headers },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
}

export interface FreeCell {
  date: string;
  time: string;
  staffId: string;
}

/**
 * Up to `count` free one-hour haircut cells that do not overlap one another, from `fromDay`
 * days ahead on (at most 40 days further), asked of the API as the desk (`cookie`).
 */
export async function freeCells(
  call: ReturnType<typeof apiCaller>,
  cookie: string,
  fromDay: number,
  count: number,
): Promise<FreeCell[]> {
  const cells: FreeCell[] = [];
  for (let day = fromDay; cells.length < count && day < fromDay + 40; day++) {
    const date = addDays(localDate(), day);
    const free = (await call(`/api/availability?date=${date}&serviceId=sv_cut`, cookie)) as Array<{
      time: string;
      staffIds: string[];
    }>;
    const taken = new Set<string>();
    for (const slot of free) {
      const staffId = slot.staffIds.find((s) => !taken.has(`${s}@${slot.time}`));
      if (!staffId || cells.length >= count) continue;
      cells.push({ date, time: slot.time, staffId });
      for (const time of coveredTimes({ time: slot.time, durationMin: 60 })) {
        taken.add(`${staffId}@${time}`);
      }
    }
  }
  return cells;
}
