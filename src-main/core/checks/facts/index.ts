import { isMemorySqliteProfile, familyOf } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { ServerFacts } from '../../../shared/facts';
import { describeTarget, type ProfileData } from '../../../shared/profile';
import { tunnelManager, driverFor, type DriverConnection } from '../../drivers';
import { errorMessage, type ConnectSecrets } from '../../drivers/types';
import { connectFailure } from '../../connections/testing/diagnose';
import { identifyServer } from '../../../shared/server-version';
import { collectMysqlFacts } from './mysql.facts';
import { collectPostgresFacts, pgIdentity } from './postgres.facts';
import { collectSqliteFacts, sqliteVersion } from './sqlite.facts';
import { collectSessionFacts } from './sessions.facts';

export interface CollectOptions {
  profile: ProfileData;
  password?: string;
  secrets?: ConnectSecrets;
  nativeBinding?: string;
  /** Whole collection, connect included; default: the profile's connect timeout + 20 s. */
  deadlineMs?: number;
  now?: () => Date;
}

const APP_NAME = 'poolscope-checks';

/**
 * Connects once with the saved settings and reads every fact the checks need. A fact that cannot
 * be read becomes "unknown" with the reason; only a failed connection (or a server that stops
 * answering) is an error, and the connection is always closed.
 */
export async function collectFacts(opts: CollectOptions): Promise<ServerFacts> {
  const { profile } = opts;
  const driver = driverFor(profile.backend);
  const measuredAt = (opts.now ?? (() => new Date()))().toISOString();
  const target = describeTarget(profile);
  let conn: DriverConnection;
  try {
    conn = await driver.connect({ profile, password: opts.password, ...opts.secrets, applicationName: APP_NAME, nativeBinding: opts.nativeBinding });
  } catch (err) {
    throw await connectFailure(err, { profile, ...(opts.password !== undefined ? { password: opts.password } : {}), ...(opts.secrets ? { secrets: opts.secrets } : {}), ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  }
  const deadline = opts.deadlineMs ?? Math.round(profile.options.connectTimeoutSec * 1000) + 20_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      conn.destroy();
      reject(new AppError('TIMEOUT', `The server at ${target} stopped answering while its settings were read (after ${Math.round(deadline / 1000)} s).`, 'Check that the server is not overloaded or locked, then run the checks again.'));
    }, deadline);
    timer.unref();
  });
  try {
    const facts = await Promise.race([read(conn, opts, target, measuredAt), timedOut]);
    const via = profile.ssh ? tunnelManager()?.statusFor(profile)?.route : undefined;
    return via ? { ...facts, via } : facts;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('DB_ERROR', `Reading the server's settings at ${target} failed: ${errorMessage(err)}`, 'Run the checks again; if it keeps failing, check that this user may run SELECT on the server.');
  } finally {
    clearTimeout(timer);
    await conn.close();
  }
}

async function read(conn: DriverConnection, opts: CollectOptions, target: string, measuredAt: string): Promise<ServerFacts> {
  const { profile } = opts;
  const family = familyOf(profile.backend);
  if (family === 'sqlite') {
    const memory = isMemorySqliteProfile(profile);
    const id = identifyServer('sqlite', await sqliteVersion(conn));
    return { family, ...id, target, measuredAt, facts: await collectSqliteFacts(conn, memory) };
  }
  if (family === 'mysql') {
    const { rows } = await conn.query<{ v: string; c: string }>('SELECT VERSION() AS v, @@version_comment AS c');
    const id = identifyServer('mysql', String(rows[0]!.v), String(rows[0]!.c ?? ''));
    const facts = { ...(await collectMysqlFacts(conn, id, profile.options.charset)), ...(await collectSessionFacts(conn, 'mysql', undefined)) };
    return { family, product: id.product, version: id.version, versionText: id.versionText, target, measuredAt, facts };
  }
  const id = await pgIdentity(conn);
  const facts = await collectPostgresFacts(conn, id, {
    sessionId: conn.sessionId,
    dialledPort: profile.socket ? undefined : (profile.port ?? 5432),
    database: id.database,
    user: id.user,
    connectAdmin: () => driverFor('postgresql').connect({ profile: { ...profile, database: 'pgbouncer' }, password: opts.password, ...opts.secrets, applicationName: APP_NAME, connectTimeoutMs: 5000 }),
  });
  Object.assign(facts, await collectSessionFacts(conn, 'postgresql', profile.options.applicationName));
  return { family, product: 'postgresql', version: id.version, versionText: id.versionText, target, measuredAt, facts };
}
