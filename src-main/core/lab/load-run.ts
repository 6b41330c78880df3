import type { LatencyDto, PoolGaugesDto } from '../../shared/pool-types';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { familyOf } from '../../shared/backends';
import type { LoadProgressDto } from '../../shared/pool-types';
import type { LoadRunDto, LoadSamplePoint, Scenario } from '../../shared/lab-types';
import { Histogram, Timer } from '../pools/histogram';
import { poolOptions } from '../pools/factory';
import type { PoolEntry, TickContributor } from '../pools/registry';
import { classifyError, errorText } from './classify';
import { readOnlyBegin, scenarioStatement } from './statements';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * One load run: `concurrency` workers, started over the ramp, each looping request → think until
 * the duration ends or the run is stopped. A request checks out, runs the statement (inside a
 * transaction or a read-only transaction when asked), holds the connection, and returns it.
 * Latency is checkout wait plus query time; holding time is the scenario's, not measured.
 */
/** Statements before which pysqlite (and so aiosqlite) opens a transaction implicitly. */
const PYSQLITE_BEGINS = /^\s*(insert|update|delete|replace)\b/i;

export class LoadRun implements TickContributor {
  readonly runId = randomUUID();
  readonly startedAt = Date.now();
  private finishedAt: number | null = null;
  private state: LoadProgressDto['state'] = 'running';
  private stateReason: string | undefined;
  private readonly aborter = new AbortController();
  private readonly latency = new Timer();
  private readonly perSecond = new Histogram();
  private completed = 0;
  private errors = 0;
  private readonly errorsByKind: Record<string, number> = {};
  private readonly sampleErrors = new Map<string, { kind: string; message: string; count: number }>();
  private active = 0;
  private readonly series: LoadSamplePoint[] = [];
  private lastTick = { at: performance.now(), completed: 0, rate: 0, window: this.latency.window.stats() };
  private lastSecond = { completed: 0, errors: 0 };
  private peaks = { checkedOut: 0, waiting: 0, open: 0 };
  private sampler: NodeJS.Timeout | null = null;
  private readonly statement: ReturnType<typeof scenarioStatement>;
  private finished: Promise<void> = Promise.resolve();
  private gate: Promise<void> | null = null;
  /** In-process backends: the gauges read by the first request holding a connection after each tick. */
  private busy: PoolGaugesDto | null = null;
  private busyDue = true;
  private lastYield = performance.now();
  /** Checkouts handed out and how long each waited for its connection (for "Run on real SQLAlchemy"). */
  private checkouts = 0;
  private readonly checkoutWait = new Histogram();

  constructor(
    private readonly entry: Pick<PoolEntry, 'connectionId' | 'pool' | 'profile' | 'wire'>,
    readonly scenario: Scenario,
    private readonly onFinish: (run: LoadRunDto) => void,
  ) {
    // Every sleeping worker listens on the run's one abort signal; hundreds is expected, not a leak.
    setMaxListeners(0, this.aborter.signal);
    this.statement = scenarioStatement(familyOf(entry.profile.backend), scenario.query);
  }

  get connectionId(): string {
    return this.entry.connectionId;
  }

  get running(): boolean {
    return this.state === 'running' || this.state === 'stopping';
  }

  start(): void {
    const { concurrency, rampSec, durationSec } = this.scenario;
    const startMs = performance.now();
    const endAt = startMs + durationSec * 1000;
    const workers: Promise<void>[] = [];
    for (let i = 0; i < concurrency; i++) {
      const delay = concurrency > 1 ? (rampSec * 1000 * i) / concurrency : 0;
      workers.push(sleep(delay, this.aborter.signal).then(() => this.worker(endAt)));
    }
    this.sampler = setInterval(() => this.sample(startMs), 1000);
    this.sampler.unref();
    const timer = setTimeout(() => this.aborter.abort(), durationSec * 1000 + 50);
    timer.unref();
    this.finished = Promise.all(workers).then(() => {
      clearTimeout(timer);
      this.finish(this.state === 'stopping' ? 'stopped' : 'done');
    });
  }

  /** Waits until every worker has returned its connection. */
  done(): Promise<void> {
    return this.finished;
  }

  stop(reason = 'stopped by the user'): void {
    if (!this.running) return;
    this.state = 'stopping';
    this.stateReason = reason;
    this.aborter.abort();
  }

  abort(reason: string): void {
    this.stop(reason);
  }

  private async worker(endAt: number): Promise<void> {
    const signal = this.aborter.signal;
    if (signal.aborted) return;
    this.active++;
    try {
      while (!signal.aborted && performance.now() < endAt) {
        const gate = this.yieldGate();
        if (gate) await gate;
        let failed = false;
        try {
          await this.request();
        } catch (err) {
          failed = true;
          this.recordError(err);
        }
        // After a failure wait at least 100 ms: a dead server must not turn the lab into a busy loop.
        await sleep(Math.max(this.scenario.thinkMs, failed ? 100 : 0), signal);
      }
    } finally {
      this.active--;
    }
  }

  /**
   * In-process backends (SQLite) answer without I/O, so workers would chain microtasks forever and
   * starve timers and sockets: no ticks, no UI, no other client served. Every ~8 ms all workers
   * park on one setImmediate so the event loop gets its turn.
   */
  private yieldGate(): Promise<void> | null {
    if (this.gate) return this.gate;
    if (performance.now() - this.lastYield < 8) return null;
    this.gate = new Promise((resolve) =>
      setImmediate(() => {
        this.gate = null;
        this.lastYield = performance.now();
        resolve();
      }),
    );
    return this.gate;
  }

  private async request(): Promise<void> {
    const started = performance.now();
    const conn = await this.entry.pool.checkout();
    this.checkouts++;
    this.checkoutWait.record(performance.now() - started);
    if (this.busyDue && this.entry.profile.backend === 'sqlite') {
      this.busyDue = false;
      this.busy = this.entry.pool.gauges();
    }
    try {
      const { sql, params, readOnly } = this.statement;
      if (readOnly) {
        const begin = readOnlyBegin(familyOf(this.entry.profile.backend));
        if (begin) {
          await conn.query(begin);
          conn.markTransaction(true);
        }
      } else if (this.scenario.transaction && (familyOf(this.entry.profile.backend) !== 'sqlite' || PYSQLITE_BEGINS.test(sql))) {
        // aiosqlite runs pysqlite's legacy transaction handling: BEGIN goes out before
        // INSERT/UPDATE/DELETE/REPLACE only, never before a SELECT.
        await conn.begin();
      }
      await conn.query(sql, params, readOnly ? { untrusted: true } : undefined);
      if (this.scenario.commit) await conn.commit();
      const ms = performance.now() - started;
      this.latency.record(ms);
      this.perSecond.record(ms);
      this.completed++;
      if (this.scenario.holdMs > 0) await sleep(this.scenario.holdMs, this.aborter.signal);
    } finally {
      // As a service's AsyncConnection ends a request: the engine rolls back, then the pool's checkin.
      await conn.close();
    }
  }

  private recordError(err: unknown): void {
    const kind = classifyError(err, this.entry.wire.driver);
    this.errors++;
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1;
    const message = errorText(err);
    const key = `${kind}|${message}`;
    const seen = this.sampleErrors.get(key);
    if (seen) seen.count++;
    else if (this.sampleErrors.size < 20) this.sampleErrors.set(key, { kind, message, count: 1 });
  }

  /** Checkouts so far and the distribution of their waits (the checkout itself, connect included). */
  checkoutStats(): { checkouts: number; wait: LatencyDto } {
    return { checkouts: this.checkouts, wait: this.checkoutWait.stats() };
  }

  busyGauges(): PoolGaugesDto | null {
    // The next request to hold a connection takes a fresh reading for the next tick.
    this.busyDue = true;
    return this.running ? this.busy : null;
  }

  private trackPeaks(): void {
    const g = this.busyGauges() ?? this.entry.pool.gauges();
    this.peaks = { checkedOut: Math.max(this.peaks.checkedOut, g.checkedOut), waiting: Math.max(this.peaks.waiting, g.waiting), open: Math.max(this.peaks.open, g.open) };
  }

  private sample(startMs: number): void {
    this.trackPeaks();
    const g = this.busyGauges() ?? this.entry.pool.gauges();
    const s = this.perSecond.stats();
    this.perSecond.reset();
    this.series.push({
      t: Math.round((performance.now() - startMs) / 100) / 10,
      throughput: this.completed - this.lastSecond.completed,
      p50: s.p50,
      p95: s.p95,
      p99: s.p99,
      errors: this.errors - this.lastSecond.errors,
      checkedOut: g.checkedOut,
      waiting: g.waiting,
      open: g.open,
    });
    this.lastSecond = { completed: this.completed, errors: this.errors };
  }

  progress(advance: boolean): LoadProgressDto {
    if (advance) {
      this.trackPeaks();
      const now = performance.now();
      const secs = (now - this.lastTick.at) / 1000;
      this.lastTick = { at: now, completed: this.completed, rate: secs > 0 ? (this.completed - this.lastTick.completed) / secs : 0, window: this.latency.takeWindow() };
    }
    // The bar stops at the duration; the last requests may finish a little after it.
    const elapsedSec = Math.min(this.scenario.durationSec, this.elapsedSec());
    // Once finished, the figures are the whole run's (the saved run's figures), not the last tick's.
    const finished = this.finishedAt !== null;
    return {
      runId: this.runId,
      state: this.state,
      elapsedSec,
      durationSec: this.scenario.durationSec,
      activeWorkers: this.active,
      throughput: finished ? this.runThroughput() : this.lastTick.rate,
      latency: finished ? this.latency.totalStats() : this.lastTick.window,
      errorsByKind: { ...this.errorsByKind },
      completed: this.completed,
    };
  }

  /** Seconds from the start to the end of the run (or now). */
  private elapsedSec(): number {
    return ((this.finishedAt ?? Date.now()) - this.startedAt) / 1000;
  }

  /** Requests per second over the whole run, as saved with it. */
  private runThroughput(): number {
    const elapsed = this.elapsedSec();
    return elapsed > 0 ? this.completed / elapsed : 0;
  }

  result(): LoadRunDto {
    return {
      runId: this.runId,
      connectionId: this.entry.connectionId,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      state: this.state,
      ...(this.stateReason ? { stateReason: this.stateReason } : {}),
      scenario: this.scenario,
      className: this.entry.pool.className,
      settings: poolOptions(this.entry.profile),
      completed: this.completed,
      errors: this.errors,
      errorsByKind: { ...this.errorsByKind },
      throughput: this.runThroughput(),
      latency: this.latency.totalStats(),
      peakCheckedOut: this.peaks.checkedOut,
      peakWaiting: this.peaks.waiting,
      peakOpen: this.peaks.open,
      series: this.series,
      sampleErrors: [...this.sampleErrors.values()].sort((a, b) => b.count - a.count),
    };
  }

  private finish(state: 'done' | 'stopped'): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
    this.finishedAt = Date.now();
    this.state = state;
    this.onFinish(this.result());
  }
}
