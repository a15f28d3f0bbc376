import { performance } from 'node:perf_hooks';
import * as Ably from 'ably';
import { channels } from '../../contract/channels';
import { childMain, reply } from '../lib/child';
import { apiCaller, freeCells, signIn } from '../lib/session';
import { Histogram } from '../lib/stats';

// The two people of the end-to-end latency bench, in their own process: Rita at the desk
// sends `PATCH /api/bookings/:id {action:"approve"}` over HTTP; Ava, signed in through the
// real `ably` SDK with the SPA's authCallback, listens on her bookings channel. Latency is
// from just before the PATCH is sent to Ava's SDK delivering `booking.status_changed` for
// that booking. Approvals are strictly sequential.

const url = process.env.BENCH_URL!;
const realtimePort = Number(process.env.BENCH_REALTIME_PORT);
const count = Number(process.env.BENCH_APPROVALS ?? 200);
// Unmeasured approvals first: JIT, SQLite page cache and sockets warm, as on a running server.
const warmup = Number(process.env.BENCH_WARMUP ?? 20);

const ava = await signIn(url, 'ava@glowdesk.test');
const rita = await signIn(url, 'rita@glowdesk.test');
const call = apiCaller(url);

const client = new Ably.Realtime({
  endpoint: '127.0.0.1',
  port: realtimePort,
  tls: false,
  fallbackHosts: [],
  echoMessages: false,
  authCallback: (_params, done) => {
    call('/api/ably/token', ava, { method: 'POST' }).then(
      (t) => done(null, (t as { token: string }).token),
      (e: Error) => done(e.message, null),
    );
  },
});
childMain(
  () => {},
  () => client.close(),
);

const me = (await call('/api/auth/me', ava)) as { user: { id: string } };
// Free slots for Ava, a week ahead on, each with its stylist. Bookings are made one at a time
// just before their approval: a customer may hold only a few pending bookings.
const slots = await freeCells(call, ava, 7, count + warmup);
if (slots.length < count + warmup) throw new Error(`only ${slots.length} free slots for the bench`);
const channel = client.channels.get(channels.customerBookings(me.user.id));
/** Waiting approvals by booking id: each resolves with the moment its event arrived. */
const arrivals = new Map<string, (at: number) => void>();
await channel.subscribe('booking.status_changed', (m) => {
  const at = performance.now();
  const id = (m.data as { bookingId?: string }).bookingId ?? '';
  arrivals.get(id)?.(at);
  arrivals.delete(id);
});

const hist = new Histogram();
for (const [i, slot] of slots.entries()) {
  const { booking } = (await call('/api/bookings', ava, {
    method: 'POST',
    body: JSON.stringify({ serviceId: 'sv_cut', ...slot }),
  })) as { booking: { id: string } };
  const id = booking.id;
  const arrived = new Promise<number>((resolve, reject) => {
    arrivals.set(id, resolve);
    setTimeout(
      () => reject(new Error(`no booking.status_changed for ${id} within 10 s`)),
      10_000,
    ).unref();
  });
  const sent = performance.now();
  await call(`/api/bookings/${id}`, rita, {
    method: 'PATCH',
    body: JSON.stringify({ action: 'approve' }),
  });
  const at = await arrived;
  if (i >= warmup) hist.record(at - sent);
}
client.close();
reply({
  type: 'result',
  count: hist.count,
  p50: hist.percentile(50),
  p99: hist.percentile(99),
  mean: hist.mean(),
});
