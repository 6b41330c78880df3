import type { PoolInstrument } from '../instrument';

export type Recorded = { type: keyof PoolInstrument; args: unknown[] };

/** Collects every instrument call, for asserting what the pool reported. */
export function recordingInstrument(): PoolInstrument & { calls: Recorded[]; count(type: keyof PoolInstrument): number } {
  const calls: Recorded[] = [];
  const handler = (type: keyof PoolInstrument) => (...args: unknown[]) => {
    calls.push({ type, args });
  };
  const inst = {
    sampleCheckout: () => 1,
    calls,
    count: (type: keyof PoolInstrument) => calls.filter((c) => c.type === type).length,
  } as PoolInstrument & { calls: Recorded[]; count(type: keyof PoolInstrument): number };
  for (const k of ['connected', 'connectFailed', 'checkedOut', 'checkedIn', 'invalidated', 'recycled', 'closed', 'timedOut', 'prePingFailed', 'driverError', 'queried', 'reset'] as const) {
    (inst as unknown as Record<string, unknown>)[k] = handler(k);
  }
  return inst;
}
