import type { ProfileInput } from './profile';

/** A database server found on this machine by local discovery, with a profile ready to save. */
export interface DiscoveredServer {
  /** "127.0.0.1:5432" or a socket path. */
  endpoint: string;
  via: 'tcp' | 'socket';
  /** What answered, judged by the protocol it spoke. */
  protocol: 'postgresql' | 'mysql';
  /** PostgreSQL, PgBouncer, MariaDB or MySQL. */
  product: string;
  version?: string;
  /** A few words on what the probe saw (TLS offered, authentication asked for). */
  detail: string;
  /** Sensible defaults for one-click adding. */
  suggested: ProfileInput;
  /** The name of a saved connection that already points here, if any. */
  savedAs?: string;
}
