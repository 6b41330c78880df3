import type { DriverConnection } from '../drivers/types';
import type { Clock } from './clock';
import type { PoolInstrument } from './instrument';

export interface PoolDeps {
  creator: () => Promise<DriverConnection>;
  /** The dialect's is_disconnect. */
  isDisconnect(err: unknown): boolean;
  clock: Clock;
  instrument: PoolInstrument;
}
