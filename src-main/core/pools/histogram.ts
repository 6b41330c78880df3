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
  /** Values counted, timed or not (exact). */
  count = 0;
  /** Total weight in the buckets: what percentiles and the mean are taken over. */
  weight = 0;
  /** Sum of the timed values, each times its weight. */
  sum = 0;
  max = 0;

  /**
   * One value. weight > 1 when it stands for a systematic sample (every weight-th value timed):
   * percentiles and the mean are then estimates, the count stays exact, the max is the sample's.
   */
  record(ms: number, weight = 1): void {
    this.counts[bucketOf(ms)]! += weight;
    this.count++;
    this.weight += weight;
    this.sum += ms * weight;
    if (ms > this.max) this.max = ms;
  }

  /** A value that happened but was not timed (outside the sample): counted only. */
  tally(): void {
    this.count++;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.weight += other.weight;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.weight = 0;
    this.sum = 0;
    this.max = 0;
  }

  percentile(p: number): number {
    if (this.weight === 0) return 0;
    const rank = Math.ceil((p / 100) * this.weight);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(bucketValue(i), this.max);
    }
    return this.max;
  }

  stats(): LatencyDto {
    if (this.count === 0) return EMPTY_STATS;
    if (this.weight === 0) return { ...EMPTY_STATS, count: this.count };
    return { count: this.count, mean: this.sum / this.weight, p50: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99), max: this.max };
  }
}

/**
 * A timer keeps two histograms: since the last tick (for live charts) and since the pool started.
 * A value is recorded once, into the window; the window is folded into the total when it is taken,
 * so the checkout path pays one bucket computation per value, not two.
 */
export class Timer {
  readonly window = new Histogram();
  private readonly past = new Histogram();

  record(ms: number, weight = 1): void {
    this.window.record(ms, weight);
  }

  /** Counted, not timed (outside the sample). */
  tally(): void {
    this.window.tally();
  }

  /** Stats of the window, which then starts over (its values move to the total). */
  takeWindow(): LatencyDto {
    const s = this.window.stats();
    this.past.merge(this.window);
    this.window.reset();
    return s;
  }

  /** Stats since the start, the current window included. */
  totalStats(): LatencyDto {
    if (this.window.count === 0) return this.past.stats();
    const all = new Histogram();
    all.merge(this.past);
    all.merge(this.window);
    return all.stats();
  }
}
