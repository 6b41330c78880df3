import type { AdvisedSetting, ConnectArgAdvice } from '../../shared/advice';
import { BACKEND_INFO, PY_DRIVER_INFO, familyOf, type PyDriver } from '../../shared/backends';
import { factBoolean, factString } from '../../shared/facts';
import { MATRIX_ROWS } from '../../shared/matrix';
import type { IsolationLevel, ProfileData } from '../../shared/profile';
import { WORKLOAD_LABELS } from '../../shared/profile';
import { formatUrl } from '../../shared/url';
import { cite, factEvidence, profileEvidence, setting } from './evidence';
import type { AdviceContext } from './context';
import { adviseTls, withUrlSecretsFor, withoutUrlTls } from './tls';

function cellName(ctx: AdviceContext): string {
  const row = MATRIX_ROWS.find((r) => r.kind === ctx.kind.kind)!;
  return `${row.label}, ${ctx.cell.envGroup === 'production' ? 'production' : 'test / local'}, ${WORKLOAD_LABELS[ctx.cell.workload]}`;
}

export function adviseDriver(ctx: AdviceContext): AdvisedSetting<PyDriver> {
  const current = ctx.profile.service.driver ?? BACKEND_INFO[ctx.profile.backend].drivers[0]!;
  const evidence = [profileEvidence('service.driver', ctx.profile.service.driver ?? null)];
  if (ctx.driverOrigin === 'profile') {
    const matrix = ctx.cell.driver;
    const differs = matrix !== null && matrix !== ctx.driver ? `; the matrix suggests ${PY_DRIVER_INFO[matrix].label} for ${cellName(ctx)}` : '';
    return setting('driver', ctx.driver, { current, origin: 'profile', evidence, reason: `${PY_DRIVER_INFO[ctx.driver].label}, chosen in the profile${differs}` });
  }
  return setting('driver', ctx.driver, { current, origin: 'matrix', evidence, reason: `the matrix cell for ${cellName(ctx)} (${ctx.kind.basis})` });
}

/** Driver arguments the connection needs, each with its reason. */
export function adviseConnectArgs(ctx: AdviceContext): ConnectArgAdvice[] {
  const out: ConnectArgAdvice[] = [];
  if (ctx.pooled) {
    const mode = factEvidence(ctx.facts, 'pooler.pool_mode');
    const evidence = [factEvidence(ctx.facts, 'pooler.present'), mode, factEvidence(ctx.facts, 'pooler.max_prepared_statements')];
    const behind = `${ctx.poolerName} in ${typeof mode.value === 'string' ? mode.value : 'transaction (assumed)'} mode`;
    // PgBouncer 1.21+ with max_prepared_statements > 0 tracks protocol-level prepared statements and renames
    // them per server connection: asyncpg's caches and names then work as on a direct connection (see the notes).
    if (ctx.driver === 'asyncpg' && !ctx.poolerTracksPrepared) {
      out.push(
        { key: 'statement_cache_size', python: '0', where: 'connect_args', imports: [], evidence, reason: `asyncpg's own cache of 100 prepared statements per connection breaks behind ${behind}` },
        { key: 'prepared_statement_cache_size', python: '0', where: 'url', imports: [], evidence, reason: `SQLAlchemy's asyncpg dialect cache of prepared statements, off behind ${behind}` },
        {
          key: 'prepared_statement_name_func',
          python: 'lambda: f"__asyncpg_{uuid4()}__"',
          where: 'connect_args',
          imports: ['from uuid import uuid4'],
          evidence,
          reason: `unique names, so statements SQLAlchemy still prepares never collide on a shared server connection ("42P05 prepared statement … already exists") behind ${behind}`,
        },
      );
    } else if (ctx.driver === 'psycopg') {
      // Kept even when the pooler tracks prepared statements: psycopg relies on that only with PgBouncer 1.22+ and a libpq 17+ client (psycopg's docs), which cannot be told from here.
      const reason = ctx.poolerTracksPrepared
        ? `psycopg then never prepares statements; it can use ${ctx.poolerName}'s prepared-statement tracking only from PgBouncer 1.22 with a libpq 17+ client (${behind})`
        : `psycopg then never prepares statements, which transaction pooling cannot carry (${behind})`;
      out.push({ key: 'prepare_threshold', python: 'None', where: 'connect_args', imports: [], evidence, reason });
    }
  }
  if (ctx.driver === 'asyncpg') {
    // asyncpg takes no application_name or connect_timeout from the URL: SQLAlchemy hands them to asyncpg.connect() as unknown keywords.
    const timeout = ctx.profile.options.connectTimeoutSec;
    out.push({
      key: 'timeout',
      python: String(timeout),
      where: 'connect_args',
      imports: [],
      evidence: [profileEvidence('options.connectTimeoutSec', timeout)],
      reason: `connect timeout of ${timeout} s from the profile (asyncpg's own default is 60 s; it reads this from connect_args, not from the URL)`,
    });
    const app = ctx.profile.options.applicationName;
    if (app) {
      out.push({
        key: 'server_settings',
        python: `{"application_name": ${JSON.stringify(app)}}`,
        where: 'connect_args',
        imports: [],
        evidence: [profileEvidence('options.applicationName', app)],
        reason: 'application_name names the sessions in pg_stat_activity; asyncpg sets it through server_settings, not the URL',
      });
    }
  }
  const tls = adviseTls(ctx);
  if (tls) out.push(tls);
  if (ctx.family === 'mysql') {
    const server = factEvidence(ctx.facts, 'character_set_server');
    out.push({
      key: 'charset',
      python: 'utf8mb4',
      where: 'url',
      imports: [],
      evidence: [profileEvidence('options.charset', ctx.profile.options.charset ?? null), server],
      reason: `4-byte characters (emoji, some CJK) need utf8mb4 on the connection, whatever the server default (${cite(server)})`,
    });
  }
  return out;
}

/**
 * The profile with the recommended URL arguments merged in: what the recommended URL is rendered
 * from (with or without a password placeholder). When connect_args carry TLS (an SSLContext), the
 * URL leaves its TLS parameters out: the drivers that need the context cannot use them. The client
 * key's passphrase stays in the URL only for a driver that reads it there.
 */
export function urlProfileFor(profile: ProfileData, args: ConnectArgAdvice[], driver: PyDriver): ProfileData {
  const tls = args.some((a) => a.where === 'connect_args' && a.key === 'ssl') ? withoutUrlTls(profile, familyOf(profile.backend)) : profile;
  const base = withUrlSecretsFor(tls, driver);
  const params = { ...base.options.params };
  let charset = base.options.charset;
  for (const a of args.filter((x) => x.where === 'url')) {
    if (a.key === 'charset') charset = a.python;
    else params[a.key] = a.python;
  }
  return { ...base, options: { ...base.options, params, ...(charset ? { charset } : {}) } };
}

export function adviseUrl(ctx: AdviceContext, args: ConnectArgAdvice[]): { value: string; scheme: string; reason: string } {
  const profile = urlProfileFor(ctx.profile, args, ctx.driver);
  const scheme = `${BACKEND_INFO[ctx.profile.backend].dialect}+${ctx.driver}://`;
  const added = args.filter((x) => x.where === 'url').map((a) => `${a.key}=${a.python}`);
  return {
    value: formatUrl(profile, { driver: ctx.driver }),
    scheme,
    reason: `${scheme} for ${PY_DRIVER_INFO[ctx.driver].label}${added.length ? `, with ${added.join(' and ')}` : ''}; the password comes from the environment, never the URL in code`,
  };
}

export function adviseIsolation(ctx: AdviceContext): AdvisedSetting<IsolationLevel | null> {
  const current = ctx.profile.service.isolationLevel ?? null;
  const own = profileEvidence('service.isolationLevel', current);
  if (current !== null) return setting('isolation_level', current, { current, origin: 'profile', evidence: [own], reason: 'set explicitly in the profile' });
  if (ctx.family === 'sqlite') {
    return setting('isolation_level', null, { current, origin: 'default', evidence: [own], reason: 'SQLite serialises writers; the aiosqlite dialect only knows SERIALIZABLE, READ UNCOMMITTED and AUTOCOMMIT' });
  }
  if (ctx.family === 'postgresql') {
    const ev = factEvidence(ctx.facts, 'default_transaction_isolation');
    const server = factString(ctx.facts, 'default_transaction_isolation');
    if (server === undefined || server === 'READ COMMITTED') {
      return setting('isolation_level', null, { current, origin: 'default', evidence: [own, ev], reason: `left to PostgreSQL's default READ COMMITTED (${cite(ev)})` });
    }
    return setting('isolation_level', server as IsolationLevel, {
      current,
      origin: 'measured',
      evidence: [own, ev],
      reason: `the server default was changed (${cite(ev)}): state it in the engine so the application does not silently depend on the server's configuration`,
    });
  }
  const ev = factEvidence(ctx.facts, 'transaction_isolation');
  const binlog = factEvidence(ctx.facts, 'binlog_format');
  const logBin = factEvidence(ctx.facts, 'log_bin');
  // Cited as the server spells it (log_bin=ON), not as the stored boolean.
  const logBinText = cite(typeof logBin.value === 'boolean' ? { ...logBin, value: logBin.value ? 'ON' : 'OFF' } : logBin);
  const evidence = [own, ev, binlog, logBin];
  const statement = factString(ctx.facts, 'binlog_format') === 'STATEMENT';
  const binlogOn = factBoolean(ctx.facts, 'log_bin');
  // With binary logging on and statement-based format, InnoDB refuses writes under READ COMMITTED
  // (error 1665 "... InnoDB is limited to row-logging when transaction isolation level is READ COMMITTED
  // or READ UNCOMMITTED"); MIXED and ROW switch to row events and allow it. Unknown log_bin counts as on.
  if (statement && binlogOn !== false) {
    return setting('isolation_level', 'REPEATABLE READ', {
      current,
      origin: 'measured',
      evidence,
      reason: `${cite(binlog)} with ${binlogOn ? logBinText : `${logBinText}, taken as on`}: InnoDB refuses writes under READ COMMITTED with statement-based binary logging (error 1665), so keep MySQL/MariaDB's default REPEATABLE READ and state it`,
    });
  }
  const server = factString(ctx.facts, 'transaction_isolation');
  const why =
    server === 'READ COMMITTED'
      ? `the server default is already READ COMMITTED (${cite(ev)}; MySQL/MariaDB ship with REPEATABLE READ): stating it keeps the application independent of the server's configuration`
      : `MySQL/MariaDB default to REPEATABLE READ (${cite(ev)}), where a transaction keeps reading its first snapshot; READ COMMITTED, PostgreSQL's default, lets each statement see what was committed before it, so the same code behaves alike on both`;
  const note = statement ? `; binlog_format=STATEMENT does not matter while binary logging is off (${logBinText})` : '';
  return setting('isolation_level', 'READ COMMITTED', { current, origin: 'measured', evidence, reason: `${why}${note}` });
}
