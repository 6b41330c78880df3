import { z } from 'zod';
import { method, event } from './define';
import { poolSettingsSchema } from '../profile';
import type { PoolSnapshotDto, PoolTickBatchDto } from '../pool-types';

const id = z.string().min(1).max(64);

export const poolsMethods = {
  'pools.open': method(
    z.strictObject({ id, password: z.string().max(4096).optional() }),
    'Open (or return) the live pool of a saved connection. The password is only for "ask on connect" connections and is never stored.',
  ).returns<PoolSnapshotDto>(),
  'pools.snapshot': method(z.strictObject({ id }), 'The current state of a connection\'s pool, or null when it is not open.').returns<PoolSnapshotDto | null>(),
  'pools.close': method(z.strictObject({ id }), 'Close a connection\'s pool; idle connections close now, busy ones when returned.').returns<{ closed: boolean }>(),
  'pools.applySettings': method(
    z.strictObject({ id, settings: poolSettingsSchema }),
    'Save new SQLAlchemy pool settings on the connection and rebuild its pool with them.',
  ).returns<PoolSnapshotDto>(),
};

export const poolsEvents = {
  'pools.metrics': event<PoolTickBatchDto>('One batched message per tick (default 4 per second) for every open pool: gauges, counters, latency windows, new events, server view, load progress.'),
  'pools.changed': event<{ connectionId: string; state: 'opened' | 'rebuilt' | 'closed'; reason?: string }>('A pool was opened, rebuilt with new settings, or closed.'),
};
