import type { LatencyDto } from '../../shared/pool-types';

/**
 * Latency histogram with log-spaced buckets (5% wide, 1 µs to ~100 s): recording is O(1) and
 * allocation-free, so it can sit on the checkout path; percentiles are within 5%.
 */
const MIN_MS = 0.001;
const GROWTH = Math.log(1.05);
const BUCKETS = 380;

function bucketOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const i = Math.floor(Math.log(ms / MIN_MS) / GROWTH) + 1;
  return i >= BUCKETS ? BUCKETS - 1 : i;
}

/** Upper edge of a bucket, the value reported for percentiles in it. */
function bucketValue(i: number): number {
  return i === 0 ? MIN_MS : MIN_MS * Math.exp(i * GROWTH);
}

export const EMPTY_STATS: LatencyDto = { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  sum = 0;
  max = 0;

  record(ms: number): void {
    this.counts[bucketOf(ms)]!++;
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.max = 0;
  }

  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(bucketValue(i), this.max);
    }
    return this.max;
  }

  stats(): LatencyDto {
    if (this.count === 0) return EMPTY_STATS;
    return { count: this.count, mean: this.sum / this.count, p50: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99), max: this.max };
  }
}

/** A timer keeps two histograms: since the last tick (for live charts) and since the pool started. */
export class Timer {
  readonly window = new Histogram();
  readonly total = new Histogram();

  record(ms: number): void {
    this.window.record(ms);
    this.total.record(ms);
  }

  /** Stats of the window, which then starts over. */
  takeWindow(): LatencyDto {
    const s = this.window.stats();
    this.window.reset();
    return s;
  }
}
