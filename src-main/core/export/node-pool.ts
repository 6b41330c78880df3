import type { Recommendation } from '../../shared/advice';
import { familyOf } from '../../shared/backends';
import type { ExportFile } from '../../shared/export/bundle';
import { comments, fileText, provenance, type ExportContext } from './context';

type Option = [comment: string, line: string];

/** SQLAlchemy's overflow cap as one total: pg and mysql2 have no overflow, only a maximum. */
function total(rec: Recommendation): number | null {
  if (!rec.poolSize || !rec.maxOverflow) return null;
  if (rec.poolSize.value === 0 || rec.maxOverflow.value < 0) return null;
  return rec.poolSize.value + rec.maxOverflow.value;
}

const sizes = (rec: Recommendation) => `pool_size=${rec.poolSize?.value} + max_overflow=${rec.maxOverflow?.value} in db.py (${rec.poolSize?.reason})`;

function pgOptions(ctx: ExportContext): Option[] {
  const { rec, profile } = ctx;
  const out: Option[] = [];
  if (rec.poolClass.value === 'NullPool') {
    out.push([`NullPool in db.py (${rec.poolClass.reason}): each client is closed after one use`, 'maxUses: 1,']);
  } else {
    const max = total(rec);
    if (max !== null) {
      out.push([`${sizes(rec)}: pg.Pool has no overflow, so its maximum is the sum`, `max: ${max},`]);
      out.push([`pool_size=${rec.poolSize!.value}: idle clients above min close after idleTimeoutMillis, as SQLAlchemy closes overflow connections when they come back`, `min: ${rec.poolSize!.value},`]);
      out.push(["pg.Pool's default: overflow clients idle for 10 s are closed", 'idleTimeoutMillis: 10_000,']);
    } else out.push(['no limit in db.py (pool_size=0 or max_overflow=-1); pg.Pool always has one: raise it to what the server allows', 'max: 10,']);
    if (rec.poolTimeout) out.push([`pool_timeout=${rec.poolTimeout.value} in db.py; pg.Pool waits forever by default (connectionTimeoutMillis 0)`, `connectionTimeoutMillis: ${Math.round(rec.poolTimeout.value * 1000)},`]);
    if (rec.poolRecycle.value > 0) out.push([`pool_recycle=${rec.poolRecycle.value} in db.py (${rec.poolRecycle.reason}); pg closes a client this old once it is idle`, `maxLifetimeSeconds: ${rec.poolRecycle.value},`]);
  }
  if (rec.prePing.value) out.push([`pool_pre_ping=True in db.py (${rec.prePing.reason}); pg has no ping at checkout: TCP keep-alive finds dead connections instead`, 'keepAlive: true,']);
  if (profile.options.applicationName) out.push(['names the sessions in pg_stat_activity', `application_name: ${JSON.stringify(profile.options.applicationName)},`]);
  if (rec.serverKind === 'postgresql-pooler') out.push(['behind PgBouncer in transaction mode: pg prepares only unnamed statements unless a query is given a name, so never name one', '']);
  return out;
}

function mysqlOptions(ctx: ExportContext): Option[] {
  const { rec, profile } = ctx;
  const out: Option[] = [];
  const max = total(rec);
  const limit = max ?? 10;
  if (max !== null) out.push([`${sizes(rec)}: mysql2 has no overflow, so its limit is the sum`, `connectionLimit: ${max},`]);
  else out.push(['no limit in db.py (pool_size=0 or max_overflow=-1); mysql2 always has one: raise it to what the server allows', 'connectionLimit: 10,']);
  const idle = Math.max(0, Math.min(rec.poolSize?.value ?? limit, limit - 1));
  out.push([`pool_size=${rec.poolSize?.value ?? limit}, but below connectionLimit: mysql2 only closes idle connections when maxIdle < connectionLimit`, `maxIdle: ${idle},`]);
  const recycle = rec.poolRecycle.value;
  out.push(
    recycle > 0
      ? [`pool_recycle=${recycle} in db.py (${rec.poolRecycle.reason}); mysql2 closes connections idle this long, which is what wait_timeout counts`, `idleTimeout: ${recycle * 1000},`]
      : ["mysql2's default: connections idle for 60 s are closed", 'idleTimeout: 60_000,'],
  );
  out.push([`pool_timeout=${rec.poolTimeout?.value ?? 30} in db.py has no mysql2 equivalent: waiting requests queue without a deadline, so bound them with your own timeout`, 'waitForConnections: true,']);
  const charset = rec.connectArgs.find((a) => a.key === 'charset');
  if (charset) out.push([`charset=${charset.python}: ${charset.reason}`, `charset: ${JSON.stringify(charset.python)},`]);
  out.push([`connect timeout from the profile (${profile.options.connectTimeoutSec} s)`, `connectTimeout: ${Math.round(profile.options.connectTimeoutSec * 1000)},`]);
  if (rec.prePing.value) out.push([`pool_pre_ping=True in db.py (${rec.prePing.reason}); mysql2 has no ping at checkout: keep-alive and the idle timeout above stand in`, 'enableKeepAlive: true,']);
  return out;
}

/** node/pool.ts: the pg Pool or mysql2 pool with the same limits as db.py's engine, for a Node service on the same server. */
export function nodePool(ctx: ExportContext): ExportFile | null {
  const family = familyOf(ctx.profile.backend);
  if (family === 'sqlite') return null;
  const pg = family === 'postgresql';
  const options = pg ? pgOptions(ctx) : mysqlOptions(ctx);
  const body: string[] = [];
  for (const [why, line] of options) {
    body.push(`  // ${why}`);
    if (line) body.push(`  ${line}`);
  }
  const head = comments('//', [
    ...provenance(ctx, `node/pool.ts: the ${pg ? 'pg' : 'mysql2'} pool, the Node equivalent of db.py's engine`),
    'The same limits as the Python engine, translated to what this driver has; each option says which setting it stands for.',
    'DATABASE_URL comes from the environment (.env.example), with its password: never from this file.',
  ]);
  const lines = pg
    ? [
        ...head,
        "import pg from 'pg';",
        '',
        'export const pool = new pg.Pool({',
        '  connectionString: process.env.DATABASE_URL,',
        ...body,
        '});',
        '',
        '// A client that dies while idle (server restart, pg_terminate_backend, an idle timeout) is reported here;',
        '// without a listener the process crashes.',
        "pool.on('error', (err) => console.error('idle database client failed:', err.message));",
      ]
    : [...head, "import mysql from 'mysql2/promise';", '', 'export const pool = mysql.createPool({', '  uri: process.env.DATABASE_URL,', ...body, '});'];
  return { path: 'node/pool.ts', summary: pg ? 'pg.Pool options equivalent to the engine settings' : 'mysql2 pool options equivalent to the engine settings', content: fileText(lines) };
}
