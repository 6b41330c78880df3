import { wireFor, type WireSettings } from '../drivers/wire';
import { defaultDriver } from '../../shared/profile';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { PoolSettings, ProfileData } from '../../shared/profile';
import type { PoolGaugesDto, PoolSnapshotDto, PoolTickBatchDto, PoolTickDto } from '../../shared/pool-types';
import { driverFor, tunnelManager } from '../drivers';
import type { EventBus } from '../events/bus';
import type { Logger } from '../logging/logger';
import { redactor } from '../logging/redact';
import type { ConnectionStore, StoredConnection } from '../connections/store';
import { savedConnectSecrets } from '../connections/connect-secrets';
import type { ConnectSecrets } from '../drivers/types';
import type { BasePool } from './base-pool';
import { systemClock, type Clock } from './clock';
import { createPool, effectivePoolClass, poolOptions } from './factory';
import { PoolRecorder } from './recorder';
import { ServerViewer, type ServerView } from './server-view';

/** Something that can report load progress for a pool on each tick (the load lab). */
export interface TickContributor {
  /** Progress for this tick; `advance` moves the per-tick window on (only the registry's tick does). */
  progress(advance: boolean): PoolTickDto['load'];
  /** Called when the pool goes away (closed or rebuilt). */
  abort(reason: string): void;
  /**
   * The pool's gauges as the run last saw them mid-flight, for in-process backends (SQLite): there
   * a tick only runs once every worker has parked, connections returned, so the gauges read then
   * are always idle. Null when the live gauges tell the truth.
   */
  busyGauges(): PoolGaugesDto | null;
}

export interface PoolEntry {
  connectionId: string;
  generation: number;
  pool: BasePool;
  recorder: PoolRecorder;
  viewer: ServerViewer;
  profile: ProfileData;
  password: string | undefined;
  /** The saved secret parameters its connects need (connections/connect-secrets.ts). */
  secrets: ConnectSecrets;
  /** The pool's lease on its SSH tunnel, held while it is open (so the Pool view shows the tunnel from the start). */
  releaseTunnel?: () => void;
  tag: string;
  openedAt: number;
  lastSeq: number;
  server: ServerView | null;
  serverFresh: boolean;
  nextServerRefresh: number;
  /** Statements run on every new connection (the fault lab's session idle timeout). */
  onConnect: string[];
  load: TickContributor | null;
  /** How the pool's PostgreSQL connections behave on the wire (the profile's Python driver); switched by the lab. */
  wire: WireSettings;
}

export interface RegistryOptions {
  store: ConnectionStore;
  bus: EventBus;
  logger: Logger;
  nativeBinding?: string;
  clock?: Clock;
  tickMs?: number;
  serverRefreshMs?: number;
}

const EVENTS_PER_TICK = 200;

/** The parts of a profile that, when changed, need a new pool. Name, colour and tags do not. */
function poolKey(p: ProfileData): string {
  const { name: _n, color: _c, tags: _t, service: _s, ...rest } = p;
  return JSON.stringify(rest);
}

function profileOf(saved: StoredConnection): ProfileData {
  const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
  return profile;
}

/**
 * One live pool per saved connection: opened on demand, rebuilt when its settings change, closed
 * when the connection is closed, deleted or the app quits. Every operation on a connection's pool
 * runs under that connection's lock, so there is never a second pool.
 */
export class PoolRegistry {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly clock: Clock;
  readonly tickMs: number;
  private readonly serverRefreshMs: number;
  private readonly offStore: () => void;
  private closed = false;

  constructor(private readonly o: RegistryOptions) {
    this.clock = o.clock ?? systemClock;
    this.tickMs = o.tickMs ?? 250;
    this.serverRefreshMs = o.serverRefreshMs ?? 1000;
    this.offStore = o.store.onChange((ids) => {
      for (const id of ids) if (this.entries.has(id)) void this.reconcile(id);
    });
  }

  private locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }

  get(id: string): PoolEntry | undefined {
    return this.entries.get(id);
  }

  openIds(): string[] {
    return [...this.entries.keys()];
  }

  open(id: string, password?: string): Promise<PoolSnapshotDto> {
    return this.locked(id, async () => {
      if (this.closed) throw new AppError('POOL_ERROR', 'Poolscope is shutting down.', 'Start it again.');
      const existing = this.entries.get(id);
      if (existing) return this.snapshotOf(existing);
      const saved = this.o.store.get(id);
      const profile = profileOf(saved);
      const pw = this.passwordFor(saved, password);
      // Opening the tunnel first makes an SSH failure (a passphrase to ask for, an unknown host)
      // the answer to "open the pool", not a surprise at the first checkout.
      const lease = profile.ssh && profile.backend !== 'sqlite' ? await tunnelManager()?.acquire(profile, Math.round(profile.options.connectTimeoutSec * 1000)) : undefined;
      let entry: PoolEntry;
      try {
        entry = this.build(profile, id, pw, savedConnectSecrets(this.o.store, saved));
      } catch (err) {
        lease?.release();
        throw err;
      }
      if (lease) entry.releaseTunnel = lease.release;
      this.o.bus.emit('pools.changed', { connectionId: id, state: 'opened' });
      return this.snapshotOf(entry);
    });
  }

  snapshot(id: string): PoolSnapshotDto | null {
    const e = this.entries.get(id);
    return e ? this.snapshotOf(e) : null;
  }

  close(id: string, reason = 'closed'): Promise<boolean> {
    return this.locked(id, async () => {
      const e = this.entries.get(id);
      if (!e) return false;
      await this.teardown(e, reason);
      this.o.bus.emit('pools.changed', { connectionId: id, state: 'closed', reason });
      return true;
    });
  }

  /** Saves new pool settings on the connection and rebuilds its pool with them. */
  async applySettings(id: string, settings: PoolSettings): Promise<PoolSnapshotDto> {
    const saved = this.o.store.get(id);
    const profile = profileOf(saved);
    this.o.store.update(id, { ...profile, pool: { ...profile.pool, ...settings } });
    await this.reconcile(id);
    const snap = this.snapshot(id);
    if (snap) return snap;
    return this.open(id);
  }

  /** Brings a pool in line with its saved profile: rebuilt when the settings changed, closed when deleted. */
  private reconcile(id: string): Promise<void> {
    return this.locked(id, async () => {
      const e = this.entries.get(id);
      if (!e) return;
      let saved: StoredConnection;
      try {
        saved = this.o.store.get(id);
      } catch {
        await this.teardown(e, 'connection deleted');
        this.o.bus.emit('pools.changed', { connectionId: id, state: 'closed', reason: 'connection deleted' });
        return;
      }
      const profile = profileOf(saved);
      if (poolKey(profile) === poolKey(e.profile)) return;
      await this.teardown(e, 'settings changed');
      this.build(profile, id, saved.passwordMode === 'ask' ? e.password : this.passwordFor(saved, e.password), savedConnectSecrets(this.o.store, saved));
      this.o.bus.emit('pools.changed', { connectionId: id, state: 'rebuilt', reason: 'settings changed' });
    });
  }

  private passwordFor(saved: StoredConnection, given: string | undefined): string | undefined {
    if (saved.passwordMode === 'saved') return this.o.store.password(saved.id);
    if (saved.passwordMode === 'ask') {
      if (given === undefined) {
        throw new AppError('BAD_INPUT', `"${saved.name}" asks for its password on connect.`, 'Enter the password to open its pool; it is kept in memory only while the pool is open.', { needsPassword: true });
      }
      redactor.remember(given);
      return given;
    }
    return undefined;
  }

  private build(profile: ProfileData, id: string, password: string | undefined, secrets: ConnectSecrets): PoolEntry {
    const recorder = new PoolRecorder();
    const tag = `poolscope-${randomBytes(4).toString('hex')}`;
    const driver = driverFor(profile.backend);
    const entry: PoolEntry = {
      connectionId: id,
      generation: ++this.generation,
      pool: null as unknown as BasePool,
      recorder,
      viewer: new ServerViewer(profile, password, secrets, tag),
      profile,
      password,
      secrets,
      tag,
      openedAt: Date.now(),
      lastSeq: 0,
      server: null,
      serverFresh: false,
      nextServerRefresh: 0,
      onConnect: [],
      load: null,
      wire: wireFor(profile.service.driver ?? defaultDriver(profile.backend), profile.options.params, false),
    };
    entry.pool = createPool(effectivePoolClass(profile), poolOptions(profile), {
      clock: this.clock,
      instrument: recorder,
      isDisconnect: (err) => driver.isDisconnect(err),
      creator: async () => {
        const conn = await driver.connect({ profile, password, ...secrets, applicationName: tag, nativeBinding: this.o.nativeBinding, pythonTransactions: true, wire: entry.wire });
        try {
          for (const sql of entry.onConnect) await conn.query(sql);
        } catch (err) {
          conn.destroy();
          throw err;
        }
        return conn;
      },
    });
    this.entries.set(id, entry);
    this.o.logger.info('pool opened', { connectionId: id, className: entry.pool.className, tag });
    this.ensureTicking();
    return entry;
  }

  private async teardown(e: PoolEntry, reason: string): Promise<void> {
    this.entries.delete(e.connectionId);
    e.load?.abort(`pool ${reason}`);
    await e.pool.terminate();
    await e.viewer.close().catch(() => undefined);
    e.releaseTunnel?.();
    this.o.logger.info('pool closed', { connectionId: e.connectionId, reason });
  }

  private snapshotOf(e: PoolEntry): PoolSnapshotDto {
    const { events } = e.recorder.events.since(0, EVENTS_PER_TICK);
    return {
      connectionId: e.connectionId,
      generation: e.generation,
      className: e.pool.className,
      settings: poolOptions(e.profile),
      tag: e.tag,
      openedAt: e.openedAt,
      status: e.pool.status(),
      gauges: e.load?.busyGauges() ?? e.pool.gauges(),
      counters: { ...e.recorder.counters },
      totals: e.recorder.totals(),
      events,
      server: e.server,
      load: e.load?.progress(false) ?? null,
    };
  }

  private ensureTicking(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** One batched message for every open pool. */
  tick(): PoolTickBatchDto | null {
    if (this.entries.size === 0) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return null;
    }
    const now = Date.now();
    const pools: PoolTickDto[] = [];
    for (const e of this.entries.values()) {
      const { events, skipped } = e.recorder.events.since(e.lastSeq, EVENTS_PER_TICK);
      e.lastSeq = e.recorder.events.last;
      if (now >= e.nextServerRefresh) {
        e.nextServerRefresh = now + this.serverRefreshMs;
        void e.viewer.refresh([...e.recorder.sessions.values()]).then((view) => {
          if (view) {
            e.server = view;
            e.serverFresh = true;
          }
        });
      }
      const tick: PoolTickDto = {
        connectionId: e.connectionId,
        generation: e.generation,
        className: e.pool.className,
        status: e.pool.status(),
        gauges: e.load?.busyGauges() ?? e.pool.gauges(),
        counters: { ...e.recorder.counters },
        window: e.recorder.takeWindows(),
        totals: e.recorder.totals(),
        events,
        skippedEvents: skipped,
      };
      if (e.serverFresh && e.server) {
        tick.server = e.server;
        e.serverFresh = false;
      }
      const load = e.load?.progress(true);
      if (load) tick.load = load;
      pools.push(tick);
    }
    const batch: PoolTickBatchDto = { at: now, intervalMs: this.tickMs, pools };
    this.o.bus.emit('pools.metrics', batch);
    return batch;
  }

  /** Closes every pool (app quit); resolves when the servers have seen every session end. */
  async closeAll(): Promise<void> {
    this.closed = true;
    this.offStore();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.entries.keys()].map((id) => this.locked(id, async () => {
      const e = this.entries.get(id);
      if (e) await this.teardown(e, 'app closing');
    })));
  }
}
