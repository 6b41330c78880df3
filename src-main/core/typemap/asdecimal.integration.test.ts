import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import type { ColumnMapping } from '../../shared/typemap-model';
import { runTypes } from '../introspect/run';
import { runSqlAlchemy, sqlalchemyMissing } from '../../../test/sqlalchemy';
import { serverMissing } from '../../../test/requires';
import { mysqlPassword, mysqlProfile, mysqlTarget, tempMysqlDatabase } from '../../../test/servers';

/**
 * The asdecimal loss, differentially: MariaDB DOUBLE, REAL and FLOAT columns introspected by
 * Poolscope, and the same table read by the real SQLAlchemy 2.0 twice, once through reflection and
 * once through the generic type Poolscope exports. A column is reported lossy "asdecimal" exactly
 * when the two Python types differ.
 */
const MISSING = sqlalchemyMissing() ?? serverMissing('mysql');

const READ = [
  'from sqlalchemy import *',
  'e = create_engine(data["url"])',
  'out = {}',
  'with e.connect() as c:',
  '    refl = Table("nums", MetaData(), autoload_with=e)',
  '    row = c.execute(select(refl)).one()._mapping',
  '    gen = Table("nums", MetaData(), *[Column(n, eval(t)) for n, t in data["generic"].items()])',
  '    row2 = c.execute(select(gen)).one()._mapping',
  '    for n in data["generic"]:',
  '        out[n] = {"reflected": type(row[n]).__name__, "generic": type(row2[n]).__name__}',
  'print(json.dumps(out))',
].join('\n');

describe.skipIf(MISSING)(`asdecimal verdicts against real SQLAlchemy on MariaDB${MISSING ? ` (SKIPPED: ${MISSING})` : ''}`, () => {
  let drop: () => Promise<void> = async () => undefined;
  let name = '';
  let cols: ColumnMapping[] = [];
  beforeAll(async () => {
    const db = await tempMysqlDatabase();
    drop = db.drop;
    name = db.name;
    const t = mysqlTarget();
    const c = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, database: name });
    await c.query('CREATE TABLE nums (id INT PRIMARY KEY, d DOUBLE, r REAL, f FLOAT)');
    await c.query('INSERT INTO nums VALUES (1, 1.5, 2.5, 3.5)');
    await c.end();
    cols = (await runTypes({ profile: mysqlProfile({ database: name }), password: mysqlPassword(), label: 'nums' })).report.columns.filter((x) => x.column !== 'id');
  });
  afterAll(() => drop());

  it('reports asdecimal on every target exactly where reflection returns Decimal and the generic type float', () => {
    const t = mysqlTarget();
    const url = `mysql+pymysql://${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@${t.host}:${t.port}/${name}`;
    const seen = runSqlAlchemy<Record<string, { reflected: string; generic: string }>>(READ, { url, generic: Object.fromEntries(cols.map((c) => [c.column, c.generic])) });
    // SQLAlchemy's own answer, not Poolscope's: DOUBLE and REAL reflect as Decimal, FLOAT as float.
    expect(seen).toEqual({ d: { reflected: 'Decimal', generic: 'float' }, r: { reflected: 'Decimal', generic: 'float' }, f: { reflected: 'float', generic: 'float' } });
    for (const c of cols) {
      const differs = seen[c.column]!.reflected !== seen[c.column]!.generic;
      for (const target of ['postgresql', 'mysql', 'sqlite'] as const) {
        expect(c.verdicts[target].lost.includes('asdecimal'), `${c.column} on ${target}: ${c.verdicts[target].detail}`).toBe(differs);
        if (differs) expect(c.verdicts[target].fix).toContain('asdecimal=True');
      }
    }
  });
});
