import { addDays, coveredTimes, localDate } from '../../contract/slots';
import { childMain, reply } from '../lib/child';
import { signIn } from '../lib/session';

// Background load for the loaded end-to-end bench: other desks making BENCH_CHANGES_PER_S
// changes a second through the API, each with its whole fan-out (customer, booking, admin,
// schedule and stylist channels). Max (another desk) books walk-ins for Ben on days the
// latency client never uses and cancels them again, alternately, at a steady pace, for as
// long as the parent lets it (bounded by the child deadline).

const url = process.env.BENCH_URL!;
const perS = Number(process.env.BENCH_CHANGES_PER_S ?? 20);

const max = await signIn(url, 'max@glowdesk.test');
const ben = await signIn(url, 'ben@glowdesk.test');
const call = async (path: string, cookie: string, init: RequestInit = {}) => {
  const res = await fetch(`${url}${path}`, {
    ...init,
    headers: { cookie, 'content-type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
};
const benId = ((await call('/api/auth/me', ben)) as { user: { id: string } }).user.id;

// A pool of free cells on days 40+ (the latency client books days 7–28).
const slots: Array<{ date: string; time: string; staffId: string }> = [];
for (let dayOffset = 40; slots.length < 40 && dayOffset < 80; dayOffset++) {
  const date = addDays(localDate(), dayOffset);
  const free = (await call(`/api/availability?date=${date}&serviceId=sv_cut`, max)) as Array<{
    time: string;
    staffIds: string[];
  }>;
  const taken = new Set<string>();
  for (const slot of free) {
    const staffId = slot.staffIds.find((s) => !taken.has(`${s}@${slot.time}`));
    if (!staffId || slots.length >= 40) continue;
    slots.push({ date, time: slot.time, staffId });
    for (const time of coveredTimes({ time: slot.time, durationMin: 60 })) {
      taken.add(`${staffId}@${time}`);
    }
  }
}
if (slots.length === 0) throw new Error('desk load: no free slots');

let changes = 0;
let failures = 0;
let running = true;
/** One cell's cycle: book a walk-in, then cancel it (two changes), forever. */
async function cycle(slot: (typeof slots)[number]) {
  while (running) {
    const { booking } = (await call('/api/bookings', max, {
      method: 'POST',
      body: JSON.stringify({ serviceId: 'sv_cut', customerId: benId, ...slot }),
    })) as { booking: { id: string } };
    changes++;
    await tick();
    await call(`/api/bookings/${booking.id}`, max, {
      method: 'PATCH',
      body: JSON.stringify({ action: 'cancel', reason: 'bench' }),
    });
    changes++;
    await tick();
  }
}
// A token bucket shared by every cell: `perS` changes a second in all.
let next = performance.now();
function tick(): Promise<void> {
  next = Math.max(next + 1000 / perS, performance.now());
  const wait = next - performance.now();
  return new Promise((r) => setTimeout(r, Math.max(0, wait)));
}

childMain(
  (msg) => {
    if (msg.type === 'count') reply({ type: 'count', changes, failures });
  },
  () => {
    running = false;
  },
);
for (const slot of slots.slice(0, Math.min(slots.length, Math.ceil(perS / 2)))) {
  cycle(slot).catch((e: Error) => {
    failures++;
    process.stderr.write(`desk load: ${e.message}\n`);
  });
}
reply({ type: 'ready', slots: slots.length });
