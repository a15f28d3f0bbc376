import { reply } from './child';

// CPU use of this process over wall-clock windows (sampled), so a bench can tell whether the
// server or the load generator was the bottleneck.

const samples: Array<{ at: number; cpu: number }> = [];

export function startCpuSampler(everyMs = 200) {
  const take = () => {
    const u = process.cpuUsage();
    samples.push({ at: Date.now(), cpu: (u.user + u.system) / 1000 });
    if (samples.length > 5000) samples.shift();
  };
  take();
  setInterval(take, everyMs).unref();
}

/** Fraction of one core used between two Date.now() stamps (nearest samples). */
export function cpuBetween(from: number, to: number): number {
  const u = process.cpuUsage();
  const nowSample = { at: Date.now(), cpu: (u.user + u.system) / 1000 };
  const all = [...samples, nowSample];
  const a = all.find((s) => s.at >= from) ?? all[0]!;
  const b = [...all].reverse().find((s) => s.at <= to) ?? nowSample;
  return b.at > a.at ? (b.cpu - a.cpu) / (b.at - a.at) : Number.NaN;
}

/** Answers the parent's `{type:'cpu', from, to}` with this process's CPU over that window. */
export function answerCpu(msg: Record<string, unknown>): void {
  if (msg.type === 'cpu') reply({ type: 'cpu', cpu: cpuBetween(Number(msg.from), Number(msg.to)) });
}
