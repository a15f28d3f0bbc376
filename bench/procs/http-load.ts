import autocannon from 'autocannon';
import { childMain, reply } from '../lib/child';

// HTTP load generator (autocannon) in its own process. The parent sends `run` with a target
// and a duration; each run is bounded by autocannon's own `duration`.

interface Run {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}

childMain(async (msg) => {
  if (msg.type !== 'run') return;
  const o = msg as unknown as Run & { type: string };
  const from = Date.now();
  const cpu = process.cpuUsage();
  const r = await autocannon({
    url: o.url,
    method: o.method,
    headers: o.headers,
    duration: o.seconds,
    connections: o.connections,
  });
  const used = process.cpuUsage(cpu);
  const to = Date.now();
  reply({
    type: 'result',
    from,
    to,
    loadCpu: (used.user + used.system) / 1000 / (to - from),
    reqPerS: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  });
});
reply({ type: 'ready' });
