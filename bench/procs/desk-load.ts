import { childMain, reply } from '../lib/child';
import { apiCaller, freeCells, signIn } from '../lib/session';

// Background load for the loaded end-to-end bench: other desks making BENCH_CHANGES_PER_S
// changes a second through the API, each with its whole fan-out (customer, booking, admin,
// schedule and stylist channels). Max (another desk) books walk-ins for Ben on days the
// latency client never uses and cancels them again, alternately, at a steady pace, for as
// long as the parent lets it (bounded by the child deadline).

const url = process.env.BENCH_URL!;
const perS = Number(process.env.BENCH_CHANGES_PER_S ?? 20);

const max = await signIn(url, 'max@glowdesk.test');
const ben = await signIn(url, 'ben@glowdesk.test');
const call = apiCaller(url);
const benId = ((await call('/api/auth/me', ben)) as { user: { id: string } }).user.id;

// A pool of free cells on days 40+ (the latency client books days 7–28).
const slots = await freeCells(call, max, 40, 40);
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
