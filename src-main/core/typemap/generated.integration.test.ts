import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { join } from 'node:path';
import type { ColumnMapping, IntrospectedSchema } from '../../shared/typemap-model';
import { runTypes } from '../introspect/run';
import { generateModels } from './models';
import { runSqlAlchemy, sqlalchemyMissing } from '../../../test/sqlalchemy';
import { serverMissing } from '../../../test/requires';
import { mysqlPassword, mysqlProfile, mysqlTarget, pgTarget, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { tempDir } from '../../../test/tmp';

/**
 * Generated columns, differentially: a MariaDB table with a VIRTUAL and a PERSISTENT generated
 * column, introspected by Poolscope; the portable models.py it writes, run by the real SQLAlchemy
 * 2.0 on SQLite (the generated columns come back NULL: nothing computes them); and Computed() with
 * persisted=False / True on the real PostgreSQL (virtual refused, stored created and computed).
 */
const MISSING = sqlalchemyMissing() ?? serverMissing('mysql') ?? serverMissing('postgres');
const dir = tempDir('poolscope-generated-');

const RUN = [
  'import importlib.util',
  'from sqlalchemy import *',
  'from sqlalchemy.orm import Session',
  'spec = importlib.util.spec_from_file_location("m", data["models"])',
  'mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)',
  'e = create_engine(data["sqlite"])',
  'mod.Base.metadata.create_all(e)',
  't = mod.Base.metadata.tables["calc"]',
  'with e.begin() as c:',
  '    c.execute(t.insert().values(id=1, a=20))',
  '    row = c.execute(select(t)).one()._mapping',
  'out = {"sqlite": {k: row[k] for k in ("a", "v", "s")}, "pg": {}}',
  'pg = create_engine(data["pg"])',
  'for persisted in (False, True):',
  '    m = MetaData()',
  '    tt = Table(f"g{int(persisted)}", m, Column("id", Integer, primary_key=True), Column("a", Integer), Column("v", Integer, Computed("a + 1", persisted=persisted)))',
  '    try:',
  '        m.create_all(pg)',
  '        with pg.begin() as c:',
  '            c.execute(tt.insert().values(id=1, a=20))',
  '            out["pg"][str(persisted)] = c.execute(select(tt.c.v)).scalar_one()',
  '    except Exception as ex:',
  '        out["pg"][str(persisted)] = type(ex).__name__',
  'print(json.dumps(out))',
].join('\n');

describe.skipIf(MISSING)(`generated-column verdicts against real SQLAlchemy, MariaDB and PostgreSQL${MISSING ? ` (SKIPPED: ${MISSING})` : ''}`, () => {
  const drops: Array<() => Promise<void>> = [];
  let schema: IntrospectedSchema;
  let cols: ColumnMapping[] = [];
  beforeAll(async () => {
    const db = await tempMysqlDatabase();
    drops.push(db.drop);
    const t = mysqlTarget();
    const c = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, database: db.name });
    await c.query('CREATE TABLE calc (id INT PRIMARY KEY, a INT, v INT AS (a + 1) VIRTUAL, s INT AS (a * 2) PERSISTENT)');
    await c.end();
    const r = await runTypes({ profile: mysqlProfile({ database: db.name }), password: mysqlPassword(), label: 'calc' });
    schema = r.schema;
    cols = r.report.columns;
  });
  afterAll(async () => {
    for (const d of drops) await d();
    dir.cleanup();
  });

  it('reports "generated" on every target for v and s only, and what the servers and SQLAlchemy do agrees', async () => {
    const by = (n: string) => cols.find((c) => c.column === n)!;
    for (const target of ['postgresql', 'mysql', 'sqlite'] as const) {
      expect(by('a').verdicts[target].lost).not.toContain('generated');
      for (const n of ['v', 's']) expect(by(n).verdicts[target].lost, `${n} on ${target}`).toContain('generated');
    }
    expect(by('v').verdicts.postgresql.detail).toContain('persisted=False');
    expect(by('s').verdicts.postgresql.detail).not.toContain('persisted=False');
    expect(by('v').verdicts.mysql.detail).toContain('virtual');

    const models = join(dir.path, 'calc_models.py');
    const text = generateModels(schema, [], 'portable');
    expect(text).not.toMatch(/mapped_column\([^\n]*Computed/);
    expect(text).toContain('v is a generated column');
    (await import('node:fs')).writeFileSync(models, text);
    const pgDb = await tempPgDatabase();
    drops.push(pgDb.drop);
    const p = pgTarget();
    const pgUrl = `postgresql+psycopg://${encodeURIComponent(p.user)}${p.password ? `:${encodeURIComponent(p.password)}` : ''}@${p.host}:${p.port}/${pgDb.name}`;
    const seen = runSqlAlchemy<{ sqlite: Record<string, number | null>; pg: Record<string, number | string> }>(RUN, { models, sqlite: `sqlite:///${join(dir.path, 'calc.db')}`, pg: pgUrl });
    // The portable model on SQLite: nothing computes v and s.
    expect(seen.sqlite).toEqual({ a: 20, v: null, s: null });
    // PostgreSQL refuses a virtual Computed() at compile time and computes a stored one.
    expect(seen.pg).toEqual({ False: 'CompileError', True: 21 });
  });
});
