import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mysqlAdmin, mysqlProfile, tempMysqlDatabase, uniqueName } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';
import { freePort } from '../../../../test/pg-cluster';
import { runTest, stageStatuses } from '../../../../test/run-conn-test';

describe.skipIf(serverMissing('mysql'))('connection test: MySQL/MariaDB', () => {
  let db: { name: string; drop(): Promise<void> };
  const user = uniqueName('poolscope_u');
  const password = `Pw-${randomBytes(6).toString('hex')}-'"@:/`;

  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const admin = await mysqlAdmin();
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
    await admin.query(`GRANT ALL ON \`${db.name}\`.* TO ?@?`, [user, '%']);
    await admin.end();
  });
  afterAll(async () => {
    const admin = await mysqlAdmin();
    await admin.query('DROP USER IF EXISTS ?@?', [user, '%']);
    await admin.end();
    await db?.drop();
  });

  it('passes every stage and tells MariaDB from MySQL with the exact version', async () => {
    const { report } = await runTest(mysqlProfile({ user, database: db.name }), { password });
    expect(report.failure).toBeUndefined();
    expect(stageStatuses(report)).toEqual({ resolve: 'ok', tcp: 'ok', tls: 'ok', auth: 'ok', query: 'ok' });
    const f = report.facts!;
    expect(['MariaDB', 'MySQL']).toContain(f.product);
    expect(f.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(f.versionString).toContain(f.version);
    // An ordinary account cannot read mysql.user: the greeting's default plugin is what is known.
    expect(f.auth!.detail).toMatch(/server default in the greeting: \w+/);
    expect(f.auth!.detail).toMatch(/not readable with its privileges/);
    expect(f.latency!.samplesMs).toHaveLength(5);
    expect(f.database).toBe(db.name);
    expect(f.user).toBe(`${user}@%`);
  });

  it('reads the account\'s own plugin when the user may (root)', async () => {
    const { report } = await runTest(mysqlProfile({ database: db.name }));
    expect(report.facts!.auth!.detail).toMatch(/this account \(root@[^)]+\): \w+/);
  });

  it('classifies a wrong password as 1045 with the authentication hint, without repeating it', async () => {
    const { report } = await runTest(mysqlProfile({ user, database: db.name }), { password: 'wrong-password-123' });
    expect(report.failure).toMatchObject({ kind: 'auth-failed', stage: 'auth', code: '1045', title: 'Authentication failed' });
    expect(report.failure!.hint).toMatch(/Check the password/);
    expect(JSON.stringify(report)).not.toContain('wrong-password-123');
  });

  it('classifies an unknown database as 1049', async () => {
    const { report } = await runTest(mysqlProfile({ database: 'poolscope_no_such_db' }));
    expect(report.failure).toMatchObject({ kind: 'unknown-database', code: '1049' });
    expect(report.failure!.message).toContain('"poolscope_no_such_db"');
  });

  it('reports a closed port as refused', async () => {
    const { report } = await runTest(mysqlProfile({ port: await freePort() }));
    expect(report.failure).toMatchObject({ kind: 'refused', stage: 'tcp' });
  });

  it('reads the greeting\'s TLS offer: required but not offered fails at the TLS stage', async () => {
    const admin = await mysqlAdmin();
    const [rows] = await admin.query("SHOW VARIABLES LIKE 'have_ssl'");
    await admin.end();
    const haveSsl = (rows as Array<{ Value: string }>)[0]?.Value;
    const { report } = await runTest(mysqlProfile({ database: db.name, tls: { mode: 'require' } }));
    if (haveSsl === 'YES') {
      expect(report.facts!.tls.state).toBe('in use');
    } else {
      expect(report.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'TLS not offered' });
      const plain = await runTest(mysqlProfile({ database: db.name, tls: { mode: 'prefer' } }));
      expect(plain.report.facts!.tls.state).toBe('not offered');
    }
  });

  it('connects over the unix socket', async () => {
    const sock = '/run/mysqld/mysqld.sock';
    if (!existsSync(sock)) return expect(existsSync(sock)).toBe(false);
    const { report } = await runTest(mysqlProfile({ host: undefined, port: undefined, socket: sock, database: db.name }));
    expect(report.ok).toBe(true);
    expect(report.stages.find((s) => s.id === 'tcp')!.detail).toContain(sock);
  });
});
