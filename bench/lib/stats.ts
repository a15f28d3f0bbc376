/** Fixed-resolution latency histogram (0.01 ms buckets up to 10 s): cheap to record, exact enough. */
export class Histogram {
  private readonly buckets: Uint32Array;
  count = 0;
  private sum = 0;
  constructor(
    private readonly resolutionMs = 0.01,
    maxMs = 10_000,
  ) {
    this.buckets = new Uint32Array(Math.ceil(maxMs / resolutionMs) + 1);
  }
  record(ms: number) {
    const i = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms / this.resolutionMs)));
    this.buckets[i]!++;
    this.count++;
    this.sum += ms;
  }
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return i * this.resolutionMs;
    }
    return (this.buckets.length - 1) * this.resolutionMs;
  }
  mean(): number {
    return this.count ? this.sum / this.count : Number.NaN;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
