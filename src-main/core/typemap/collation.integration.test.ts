import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { join } from 'node:path';
import type { ColumnMapping } from '../../shared/typemap-model';
import { runTypes } from '../introspect/run';
import { runSqlAlchemy, sqlalchemyMissing } from '../../../test/sqlalchemy';
import { serverMissing } from '../../../test/requires';
import { mysqlPassword, mysqlProfile, mysqlTarget, pgTarget, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { tempDir } from '../../../test/tmp';

/**
 * Column collations, differentially: a MariaDB column with its own collation (utf8mb4_bin in a
 * utf8mb4_general_ci table) introspected by Poolscope; the real SQLAlchemy 2.0 reflects it, creates
 * the column's generic type next to it on MariaDB (which then matches 'SECRET' for 'Secret'), and
 * tries collation="utf8mb4_bin" on the real PostgreSQL and SQLite (both refuse it).
 */
const MISSING = sqlalchemyMissing() ?? serverMissing('mysql') ?? serverMissing('postgres');
const dir = tempDir('poolscope-collation-');

const RUN = [
  'from sqlalchemy import *',
  'my = create_engine(data["mysql"])',
  'refl = Table("acct", MetaData(), autoload_with=my)',
  'out = {"reflected": refl.c.secret.type.collation, "plainReflected": refl.c.name.type.collation}',
  'm = MetaData()',
  'copy = Table("acct_generic", m, Column("id", Integer, primary_key=True), Column("secret", eval(data["generic"])))',
  'm.create_all(my)',
  'with my.begin() as c:',
  '    c.execute(text("INSERT INTO acct VALUES (1, \'Secret\', \'x\')"))',
  '    c.execute(copy.insert().values(id=1, secret="Secret"))',
  '    out["original"] = c.execute(text("SELECT COUNT(*) FROM acct WHERE secret = \'SECRET\'")).scalar_one()',
  '    out["generic"] = c.execute(text("SELECT COUNT(*) FROM acct_generic WHERE secret = \'SECRET\'")).scalar_one()',
  'for name in ("postgresql", "sqlite"):',
  '    e = create_engine(data[name])',
  '    m2 = MetaData()',
  '    Table("acct", m2, Column("id", Integer, primary_key=True), Column("secret", String(20, collation="utf8mb4_bin")))',
  '    try:',
  '        m2.create_all(e)',
  '        out[name] = "created"',
  '    except Exception as ex:',
  '        out[name] = type(ex).__name__',
  'print(json.dumps(out))',
].join('\n');

describe.skipIf(MISSING)(`collation verdicts against real SQLAlchemy, MariaDB, PostgreSQL and SQLite${MISSING ? ` (SKIPPED: ${MISSING})` : ''}`, () => {
  const drops: Array<() => Promise<void>> = [];
  let mysqlDb = '';
  let cols: ColumnMapping[] = [];
  beforeAll(async () => {
    const db = await tempMysqlDatabase();
    drops.push(db.drop);
    mysqlDb = db.name;
    const t = mysqlTarget();
    const c = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, database: db.name });
    await c.query('CREATE TABLE acct (id INT PRIMARY KEY, secret VARCHAR(20) COLLATE utf8mb4_bin, name VARCHAR(20)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
    await c.end();
    cols = (await runTypes({ profile: mysqlProfile({ database: db.name }), password: mysqlPassword(), label: 'acct' })).report.columns;
  });
  afterAll(async () => {
    for (const d of drops) await d();
    dir.cleanup();
  });

  it('reports "collation" on every target for the column with its own collation only, as the servers behave', async () => {
    const by = (n: string) => cols.find((c) => c.column === n)!;
    for (const target of ['postgresql', 'mysql', 'sqlite'] as const) {
      expect(by('secret').verdicts[target].lost, `secret on ${target}`).toContain('collation');
      expect(by('secret').verdicts[target].detail).toContain('utf8mb4_bin');
      expect(by('name').verdicts[target].lost).not.toContain('collation');
    }
    const pgDb = await tempPgDatabase();
    drops.push(pgDb.drop);
    const p = pgTarget();
    const m = mysqlTarget();
    const auth = (u: { user: string; password?: string }) => `${encodeURIComponent(u.user)}${u.password ? `:${encodeURIComponent(u.password)}` : ''}`;
    const seen = runSqlAlchemy<Record<string, unknown>>(RUN, {
      generic: by('secret').generic,
      mysql: `mysql+pymysql://${auth(m)}@${m.host}:${m.port}/${mysqlDb}?charset=utf8mb4`,
      postgresql: `postgresql+psycopg://${auth(p)}@${p.host}:${p.port}/${pgDb.name}`,
      sqlite: `sqlite:///${join(dir.path, 'c.db')}`,
    });
    // SQLAlchemy sees the column's own collation (and none on the other), the generic type loses
    // what it means, and the other two servers refuse the name.
    expect(seen).toEqual({ reflected: 'utf8mb4_bin', plainReflected: null, original: 0, generic: 1, postgresql: 'ProgrammingError', sqlite: 'OperationalError' });
  });
});
