import type { FactName, Product } from '../../../shared/facts';
import type { ServerIdentity } from '../../../shared/server-version';
import type { DriverConnection } from '../../drivers/types';
import { allUnknown, attempt, known, pairs, toNumber, unknown, type FactMap } from './fact';

/** The account's authentication plugin and per-account connection limit, from SHOW CREATE USER. */
export function parseCreateUser(statement: string, product: Product): { plugin?: string; maxUserConnections: number } {
  const limit = /MAX_USER_CONNECTIONS\s+(\d+)/i.exec(statement);
  const maxUserConnections = limit ? Number(limit[1]) : 0;
  const withPlugin = /IDENTIFIED\s+WITH\s+'?([A-Za-z0-9_]+)'?/i.exec(statement);
  if (withPlugin) return { plugin: withPlugin[1]!, maxUserConnections };
  const via = /IDENTIFIED\s+VIA\s+([A-Za-z0-9_]+(?:\s+(?:USING\s+'[^']*'\s+)?OR\s+[A-Za-z0-9_]+)*)/i.exec(statement);
  if (via) {
    const plugins = via[1]!.replace(/USING\s+'[^']*'/gi, '').split(/\s+OR\s+/i).map((s) => s.trim()).filter(Boolean);
    return { plugin: plugins.join(' or '), maxUserConnections };
  }
  if (/IDENTIFIED\s+BY\s+PASSWORD/i.test(statement)) return { plugin: 'mysql_native_password', maxUserConnections };
  // MariaDB prints no IDENTIFIED clause for an account with an empty native password.
  if (product === 'mariadb') return { plugin: 'mysql_native_password', maxUserConnections };
  return { maxUserConnections };
}

/** `REPEATABLE-READ` -> `REPEATABLE READ`, the spelling SQLAlchemy's isolation_level uses. */
export function normaliseIsolation(v: string): string {
  return v.replace(/-/g, ' ').toUpperCase();
}

/** SHOW VARIABLES spells booleans ON/OFF (or 1/0). */
export function onOff(v: unknown): boolean | undefined {
  const s = String(v ?? '').trim().toUpperCase();
  if (s === 'ON' || s === '1') return true;
  if (s === 'OFF' || s === '0') return false;
  return undefined;
}

const GLOBALS: Array<[FactName, string]> = [
  ['wait_timeout', 'wait_timeout'],
  ['interactive_timeout', 'interactive_timeout'],
  ['max_connections', 'max_connections'],
  ['max_user_connections', 'max_user_connections'],
  ['character_set_server', 'character_set_server'],
  ['collation_server', 'collation_server'],
  ['binlog_format', 'binlog_format'],
  ['net_read_timeout', 'net_read_timeout'],
  ['max_allowed_packet', 'max_allowed_packet'],
];

const STATUS: FactName[] = ['Max_used_connections', 'Aborted_connects', 'Connections', 'Threads_connected'];

export async function collectMysqlFacts(conn: DriverConnection, identity: ServerIdentity, urlCharset: string | undefined): Promise<FactMap> {
  const facts: FactMap = {};

  // Global values: the application's non-interactive sessions start from these, whatever this session's client flags are.
  const globalSrc = 'SHOW GLOBAL VARIABLES';
  const g = await attempt(() =>
    conn.query<Record<string, unknown>>(
      `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${[...GLOBALS.map(([, v]) => v), 'transaction_isolation', 'tx_isolation', 'log_bin'].map((v) => `'${v}'`).join(', ')})`,
    ),
  );
  if (g.ok) {
    const vars = pairs(g.value.rows, 'Variable_name', 'Value');
    for (const [name, variable] of GLOBALS) {
      const raw = vars.get(variable);
      if (raw === undefined) facts[name] = unknown(`${variable} is not a variable on ${identity.product} ${identity.version}`, globalSrc);
      else facts[name] = known(toNumber(raw) ?? String(raw), globalSrc);
    }
    // MySQL 5.7.20+/8 and MariaDB 11.1+ call it transaction_isolation; older servers tx_isolation.
    const iso = vars.get('transaction_isolation') ?? vars.get('tx_isolation');
    facts.transaction_isolation = iso === undefined ? unknown('neither transaction_isolation nor tx_isolation is set', globalSrc) : known(normaliseIsolation(String(iso)), globalSrc);
    // binlog_format only matters while binary logging is on (MySQL 8 default ON, MariaDB default OFF).
    const logBin = onOff(vars.get('log_bin'));
    facts.log_bin = logBin === undefined ? unknown(`log_bin is not a variable on ${identity.product} ${identity.version}`, globalSrc) : known(logBin, globalSrc);
  } else {
    Object.assign(facts, allUnknown([...GLOBALS.map(([n]) => n), 'transaction_isolation', 'log_bin'], g.reason, globalSrc));
  }

  const sessionSrc = urlCharset
    ? `this session, connected with charset=${urlCharset} as the URL asks`
    : "this session, connected with Poolscope's default charset=utf8mb4 (the URL sets none; the Python driver's own default applies there)";
  const s = await attempt(() => conn.query<Record<string, unknown>>("SHOW SESSION VARIABLES WHERE Variable_name IN ('character_set_connection', 'collation_connection')"));
  if (s.ok) {
    const vars = pairs(s.value.rows, 'Variable_name', 'Value');
    facts.character_set_connection = known(String(vars.get('character_set_connection') ?? ''), sessionSrc);
    facts.collation_connection = known(String(vars.get('collation_connection') ?? ''), sessionSrc);
  } else Object.assign(facts, allUnknown(['character_set_connection', 'collation_connection'], s.reason, sessionSrc));

  const statusSrc = 'SHOW GLOBAL STATUS';
  const st = await attempt(() => conn.query<Record<string, unknown>>(`SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS.map((v) => `'${v}'`).join(', ')})`));
  if (st.ok) {
    const vars = pairs(st.value.rows, 'Variable_name', 'Value');
    for (const name of STATUS) {
      const n = toNumber(vars.get(name.toLowerCase()));
      facts[name] = n === undefined ? unknown('not reported by this server', statusSrc) : known(n, statusSrc);
    }
  } else Object.assign(facts, allUnknown(STATUS, st.reason, statusSrc));

  const tlsSrc = "SHOW SESSION STATUS LIKE 'Ssl_cipher'";
  const tls = await attempt(() => conn.query<Record<string, unknown>>(tlsSrc));
  facts.tls = tls.ok ? known(String(tls.value.rows[0]?.Value ?? '') !== '', tlsSrc) : unknown(tls.reason, tlsSrc);

  // Any account may read its own SHOW CREATE USER; mysql.user would need a privilege.
  const userSrc = 'SHOW CREATE USER CURRENT_USER()';
  const u = await attempt(() => conn.query<Record<string, unknown>>(userSrc));
  if (u.ok && u.value.rows[0]) {
    const statement = String(Object.values(u.value.rows[0])[0] ?? '');
    const parsed = parseCreateUser(statement, identity.product);
    facts.auth_plugin = parsed.plugin ? known(parsed.plugin, userSrc) : unknown('the statement names no authentication plugin', userSrc);
    facts.account_max_connections = known(parsed.maxUserConnections, userSrc);
  } else {
    const reason = u.ok ? 'no row returned' : u.reason;
    facts.auth_plugin = unknown(reason, userSrc);
    facts.account_max_connections = unknown(reason, userSrc);
  }
  return facts;
}
