import { describe, expect, it } from 'vitest';
import { recommend } from '../../advice/recommend';
import { mysqlFacts, profileFor, runRule } from '../fact-fixtures';
import { waitTimeoutRule } from './wait-timeout.check';
import { urlCharsetRule } from './url-charset.check';
import { convertSql, serverCharsetRule } from './server-charset.check';
import { mysqlAuthPluginRule } from './mysql-auth-plugin.check';
import { abortedConnectsRule } from './aborted-connects.check';
import { connectionUsageRule } from './connection-usage.check';
import { isolationLevelRule } from './isolation-level.check';

const maria = (pool = {}, service = {}, options = {}) => profileFor('mariadb', { pool, service, options });

describe('wait-timeout rule', () => {
  it('fails with recycling off, and the fix is half of the measured wait_timeout', () => {
    const r = runRule(waitTimeoutRule, maria(), mysqlFacts({ wait_timeout: 1800 }))!;
    expect(r.severity).toBe('fail');
    expect(r.summary).toContain('wait_timeout=1800 s');
    expect(r.fix?.patch).toEqual({ pool: { recycle: 900 } });
    expect(r.fix?.summary).toContain('half of wait_timeout=1800 measured on mariadb 10.11.19 on 2026-11-24');
    expect(r.evidence.map((e) => e.name)).toEqual(['pool.recycle', 'wait_timeout', 'interactive_timeout']);
  });

  it('fails when pool_recycle is not below wait_timeout, warns above half, passes at half or less', () => {
    expect(runRule(waitTimeoutRule, maria({ recycle: 3600 }), mysqlFacts({ wait_timeout: 1800 }))!.severity).toBe('fail');
    expect(runRule(waitTimeoutRule, maria({ recycle: 1800 }), mysqlFacts({ wait_timeout: 1800 }))!.severity).toBe('fail');
    const warn = runRule(waitTimeoutRule, maria({ recycle: 1200 }), mysqlFacts({ wait_timeout: 1800 }))!;
    expect(warn.severity).toBe('warn');
    expect(warn.fix?.patch).toEqual({ pool: { recycle: 900 } });
    const pass = runRule(waitTimeoutRule, maria({ recycle: 900 }), mysqlFacts({ wait_timeout: 1800 }))!;
    expect(pass.severity).toBe('pass');
    expect(pass.fix).toBeUndefined();
  });

  it('passes for NullPool, warns when wait_timeout is unknown, and does not apply to PostgreSQL', () => {
    expect(runRule(waitTimeoutRule, maria({ poolClass: 'NullPool' }), mysqlFacts({ wait_timeout: 60 }))!.severity).toBe('pass');
    const unknown = runRule(waitTimeoutRule, maria(), mysqlFacts({ wait_timeout: null }))!;
    expect(unknown.severity).toBe('warn');
    expect(unknown.summary).toContain('permission denied');
    expect(runRule(waitTimeoutRule, profileFor('postgresql'), mysqlFacts())).toBeUndefined();
  });
});

describe('url-charset rule', () => {
  it('passes with charset=utf8mb4, only informs without one (both drivers default to utf8mb4), fails with utf8 or latin1', () => {
    expect(runRule(urlCharsetRule, maria({}, {}, { charset: 'utf8mb4' }), mysqlFacts())!.severity).toBe('pass');
    const missing = runRule(urlCharsetRule, maria(), mysqlFacts())!;
    expect(missing.severity).toBe('info');
    expect(missing.fix?.patch).toEqual({ options: { charset: 'utf8mb4' } });
    expect(missing.fix?.python).toContain('charset=utf8mb4');
    expect(runRule(urlCharsetRule, maria({}, {}, { charset: 'utf8' }), mysqlFacts())!.severity).toBe('fail');
    expect(runRule(urlCharsetRule, maria({}, {}, { charset: 'latin1' }), mysqlFacts())!.severity).toBe('fail');
  });

  it("states the drivers' real default: utf8mb4 for asyncmy and for aiomysql (PyMySQL's DEFAULT_CHARSET), not the server's", () => {
    const missing = runRule(urlCharsetRule, maria(), mysqlFacts({ character_set_server: 'latin1' }))!;
    expect(missing.summary).toContain("aiomysql and asyncmy then use their own default, utf8mb4 (not the server's character_set_server=latin1)");
    expect(missing.why).toContain("aiomysql's charset='' falls back to PyMySQL's DEFAULT_CHARSET, utf8mb4 since PyMySQL 0.9");
    expect(missing.why).not.toContain('depends on the installed version');
  });
});

describe('server-charset rule', () => {
  it('passes for utf8mb4 and warns for utf8 (utf8mb3) as MySQLTuner does', () => {
    expect(runRule(serverCharsetRule, maria(), mysqlFacts())!.severity).toBe('pass');
    const r = runRule(serverCharsetRule, maria(), mysqlFacts({ character_set_server: 'utf8' }))!;
    expect(r.severity).toBe('warn');
    expect(r.summary).toContain('utf8mb3');
    expect(r.fix?.sql).toContain('CHARACTER SET utf8mb4');
  });

  it('converts the existing tables (ALTER TABLE … CONVERT TO), not only the database default', () => {
    const r = runRule(serverCharsetRule, maria(), mysqlFacts({ character_set_server: 'latin1' }))!;
    expect(r.fix?.summary).toContain('ALTER DATABASE alone only changes the default for new tables');
    const sql = r.fix!.sql!;
    expect(sql).toContain('ALTER DATABASE `app` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;');
    expect(sql).toContain("CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;')");
    expect(sql).toContain("WHERE table_schema = 'app' AND table_type = 'BASE TABLE';");
    expect(convertSql("o'd`b")).toContain("ALTER DATABASE `o'd``b`");
    expect(convertSql("o'd`b")).toContain("table_schema = 'o''d`b'");
  });
});

describe('mysql-auth-plugin rule', () => {
  it('fails aiomysql against a MariaDB ed25519 account and points to asyncmy', () => {
    const r = runRule(mysqlAuthPluginRule, maria({}, { driver: 'aiomysql' }), mysqlFacts({ auth_plugin: 'ed25519' }))!;
    expect(r.severity).toBe('fail');
    expect(r.fix?.patch).toEqual({ service: { driver: 'asyncmy' } });
    expect(runRule(mysqlAuthPluginRule, maria({}, { driver: 'asyncmy' }), mysqlFacts({ auth_plugin: 'ed25519' }))!.severity).toBe('info');
  });

  it('warns on caching_sha2_password without TLS (cryptography needed) and passes with TLS or native passwords', () => {
    const mysql8 = (o: Record<string, string | boolean>) => mysqlFacts(o, { product: 'mysql', version: '8.0.36' });
    const noTls = runRule(mysqlAuthPluginRule, profileFor('mysql', { service: { driver: 'aiomysql' } }), mysql8({ auth_plugin: 'caching_sha2_password', tls: false }))!;
    expect(noTls.severity).toBe('warn');
    expect(noTls.fix?.python).toContain('cryptography');
    expect(runRule(mysqlAuthPluginRule, profileFor('mysql'), mysql8({ auth_plugin: 'caching_sha2_password', tls: true }))!.severity).toBe('pass');
    expect(runRule(mysqlAuthPluginRule, maria(), mysqlFacts())!.severity).toBe('pass');
    expect(runRule(mysqlAuthPluginRule, profileFor('mysql'), mysql8({ auth_plugin: 'mysql_native_password' }))!.severity).toBe('info');
    expect(runRule(mysqlAuthPluginRule, maria(), mysqlFacts({ auth_plugin: null }))!.severity).toBe('info');
  });
});

describe('aborted-connects rule', () => {
  it('warns above 3% of Connections and passes below', () => {
    expect(runRule(abortedConnectsRule, maria(), mysqlFacts({ Aborted_connects: 40, Connections: 1000 }))!.severity).toBe('warn');
    expect(runRule(abortedConnectsRule, maria(), mysqlFacts({ Aborted_connects: 20, Connections: 1000 }))!.severity).toBe('pass');
  });
});

describe('connection-usage rule (MySQL)', () => {
  it('warns when Max_used_connections passed 85% of max_connections', () => {
    const r = runRule(connectionUsageRule, maria(), mysqlFacts({ Max_used_connections: 140, max_connections: 151 }))!;
    expect(r.severity).toBe('warn');
    expect(r.summary).toContain('93%');
    expect(runRule(connectionUsageRule, maria(), mysqlFacts({ Max_used_connections: 100, max_connections: 151 }))!.severity).toBe('pass');
  });
});

describe('isolation-level rule (MySQL)', () => {
  it('notes REPEATABLE READ against PostgreSQL READ COMMITTED and passes once the engine sets a level', () => {
    const r = runRule(isolationLevelRule, maria(), mysqlFacts())!;
    expect(r.severity).toBe('info');
    expect(r.fix?.patch).toEqual({ service: { isolationLevel: 'READ COMMITTED' } });
    expect(runRule(isolationLevelRule, maria({}, { isolationLevel: 'READ COMMITTED' }), mysqlFacts())!.severity).toBe('pass');
  });

  it('keeps REPEATABLE READ when binlog_format=STATEMENT forbids READ COMMITTED writes (log_bin ON, or unknown)', () => {
    const r = runRule(isolationLevelRule, maria(), mysqlFacts({ binlog_format: 'STATEMENT' }))!;
    expect(r.fix?.patch).toEqual({ service: { isolationLevel: 'REPEATABLE READ' } });
    expect(r.fix?.summary).toContain('taken as on');
    const on = recommend(maria(), mysqlFacts({ binlog_format: 'STATEMENT', log_bin: true }));
    expect(on.isolationLevel.value).toBe('REPEATABLE READ');
    expect(on.isolationLevel.reason).toMatch(/^binlog_format=STATEMENT measured .* with log_bin=ON measured .*: InnoDB refuses writes under READ COMMITTED with statement-based binary logging \(error 1665\)/);
  });

  it('proposes READ COMMITTED under binlog_format=STATEMENT when binary logging is off (MariaDB\'s default), and says why', () => {
    const rec = recommend(maria(), mysqlFacts({ binlog_format: 'STATEMENT', log_bin: false }));
    expect(rec.isolationLevel.value).toBe('READ COMMITTED');
    expect(rec.isolationLevel.reason).toContain('binlog_format=STATEMENT does not matter while binary logging is off (log_bin=OFF measured');
  });

  it('does not call a server READ COMMITTED default "MySQL\'s": it was changed from REPEATABLE READ', () => {
    const facts = mysqlFacts({ transaction_isolation: 'READ COMMITTED' });
    const r = runRule(isolationLevelRule, maria(), facts)!;
    expect(r.summary).toContain("this server's default was changed to READ COMMITTED (MySQL/MariaDB ship with REPEATABLE READ)");
    const reason = recommend(maria(), facts).isolationLevel.reason;
    expect(reason).toMatch(/^the server default is already READ COMMITTED \(transaction_isolation=READ COMMITTED measured/);
    expect(reason).not.toContain('first snapshot');
    expect(runRule(isolationLevelRule, maria(), mysqlFacts())!.summary).toContain("MySQL/MariaDB's default REPEATABLE READ applies");
  });
});
