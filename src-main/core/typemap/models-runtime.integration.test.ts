import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntrospectedColumn, IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { generateModels } from './models';
import { runSqlAlchemy, sqlalchemyMissing } from '../../../test/sqlalchemy';
import { serverMissing } from '../../../test/requires';
import { mysqlTarget, pgTarget, tempMysqlDatabase, tempPgDatabase, type ServerTarget } from '../../../test/servers';
import { tempDir } from '../../../test/tmp';

/**
 * The generated portable models, imported by the pinned SQLAlchemy and run: the DDL it emits on each
 * dialect, and rows inserted without an id through the ORM, on SQLite and on the real servers.
 */
const MISSING = sqlalchemyMissing();
const title = (what: string, reason: string | null) => (reason ? `${what} (SKIPPED: ${reason})` : what);
const dir = tempDir('poolscope-models-');
afterAll(() => dir.cleanup());

const col = (name: string, nativeType: string, autoincrement = false): IntrospectedColumn => ({ name, ordinal: 0, nativeType, nullable: false, default: null, autoincrement });
const table = (name: string, columns: IntrospectedColumn[]): IntrospectedTable => ({
  schema: 'public',
  name,
  columns: columns.map((c, i) => ({ ...c, ordinal: i + 1 })),
  primaryKey: [columns[0]!.name],
  foreignKeys: [],
  indexes: [],
  uniques: [],
  checks: [],
});

// A PostgreSQL schema with BIGSERIAL and SMALLSERIAL keys, and a MariaDB one with BIGINT UNSIGNED AUTO_INCREMENT.
const PG: IntrospectedSchema = {
  backend: 'postgresql',
  family: 'postgresql',
  serverVersion: 'PostgreSQL 15',
  schema: 'public',
  tables: [table('big_ids', [col('id', 'bigint', true), col('name', 'text')]), table('small_ids', [col('id', 'smallint', true), col('name', 'text')])],
};
const MARIA: IntrospectedSchema = {
  backend: 'mariadb',
  family: 'mysql',
  serverVersion: 'MariaDB 10.11',
  schema: 'shop',
  tables: [table('unsigned_ids', [col('id', 'bigint(20) unsigned', true), col('name', 'varchar(20)')])],
};

function writeModels(name: string, schema: IntrospectedSchema): string {
  const path = join(dir.path, name);
  writeFileSync(`${path}.py`, generateModels(schema, [], 'portable'));
  return name;
}

/** DDL on the three dialects, then two inserts without an id through the ORM on `url`: the ids given back. */
const RUN = [
  'import importlib',
  'from sqlalchemy import create_engine, select',
  'from sqlalchemy.dialects import postgresql, mysql, sqlite',
  'from sqlalchemy.orm import Session',
  'from sqlalchemy.schema import CreateTable',
  'sys.path.insert(0, data["dir"])',
  'm = importlib.import_module(data["module"])',
  'tables = m.Base.metadata.sorted_tables',
  'ddl = {d.name: {t.name: " ".join(str(CreateTable(t).compile(dialect=d)).split()) for t in tables} for d in (postgresql.dialect(), mysql.dialect(), sqlite.dialect())}',
  'ids = {}',
  'if data["url"]:',
  '    e = create_engine(data["url"])',
  '    m.Base.metadata.create_all(e)',
  '    classes = {mp.class_.__table__.name: mp.class_ for mp in m.Base.registry.mappers}',
  '    with Session(e) as s:',
  '        for name, cls in classes.items():',
  '            s.add_all([cls(name="a"), cls(name="b")])',
  '        s.commit()',
  '        ids = {name: sorted(s.scalars(select(cls.id))) for name, cls in classes.items()}',
  '    m.Base.metadata.drop_all(e)',
  '    e.dispose()',
  'print(json.dumps({"ddl": ddl, "ids": ids}))',
].join('\n');

type Run = { ddl: Record<'postgresql' | 'mysql' | 'sqlite', Record<string, string>>; ids: Record<string, number[]> };
const run = (module: string, url: string | null) => runSqlAlchemy<Run>(RUN, { dir: dir.path, module, url });
const url = (scheme: string, t: ServerTarget, db: string) =>
  `${scheme}://${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@${t.host}:${t.port}/${db}`;

describe.skipIf(MISSING)(title('auto-increment keys in the portable models, run by SQLAlchemy', MISSING), () => {
  it('BIGSERIAL and SMALLSERIAL keys: INTEGER on SQLite, so SQLite assigns the ids; BIGSERIAL / AUTO_INCREMENT elsewhere', () => {
    const r = run(writeModels('pg_models', PG), `sqlite:///${join(dir.path, 'pg.db')}`);
    expect(r.ddl.sqlite.big_ids).toContain('id INTEGER NOT NULL');
    expect(r.ddl.sqlite.small_ids).toContain('id INTEGER NOT NULL');
    expect(r.ddl.postgresql.big_ids).toContain('id BIGSERIAL NOT NULL');
    expect(r.ddl.postgresql.small_ids).toContain('id SMALLSERIAL NOT NULL');
    expect(r.ddl.mysql.big_ids).toContain('id BIGINT NOT NULL AUTO_INCREMENT');
    expect(r.ids).toEqual({ big_ids: [1, 2], small_ids: [1, 2] });
  });

  it('BIGINT UNSIGNED AUTO_INCREMENT becomes an auto-incrementing BigInteger key, not Numeric(20, 0)', () => {
    const r = run(writeModels('maria_models', MARIA), `sqlite:///${join(dir.path, 'maria.db')}`);
    expect(r.ddl.sqlite.unsigned_ids).toContain('id INTEGER NOT NULL');
    expect(r.ddl.postgresql.unsigned_ids).toContain('id BIGSERIAL NOT NULL');
    expect(r.ddl.mysql.unsigned_ids).toContain('id BIGINT NOT NULL AUTO_INCREMENT');
    expect(r.ids).toEqual({ unsigned_ids: [1, 2] });
  });

  const pgMissing = serverMissing('postgres');
  it.skipIf(pgMissing)(title('the same models insert without an id on the real PostgreSQL (psycopg)', pgMissing), async () => {
    const db = await tempPgDatabase();
    try {
      expect(run(writeModels('pg_models_pg', PG), url('postgresql+psycopg', pgTarget(), db.name)).ids).toEqual({ big_ids: [1, 2], small_ids: [1, 2] });
    } finally {
      await db.drop();
    }
  });

  const myMissing = serverMissing('mysql');
  it.skipIf(myMissing)(title('and on the real MariaDB / MySQL (pymysql)', myMissing), async () => {
    const db = await tempMysqlDatabase();
    try {
      expect(run(writeModels('maria_models_my', MARIA), url('mysql+pymysql', mysqlTarget(), db.name)).ids).toEqual({ unsigned_ids: [1, 2] });
    } finally {
      await db.drop();
    }
  });
});
