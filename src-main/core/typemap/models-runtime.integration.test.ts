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

/**
 * Schemas written to hold every failure class real schemas showed (issue 13): a table without a key,
 * attributes named like imports and like SQLAlchemy's reserved names, index names repeated across
 * tables, FULLTEXT and prefix indexes, an ARRAY (JSON in the portable model) with a B-tree index,
 * double precision, BIGINT UNSIGNED keys and foreign keys of another width or letter case, a
 * PostgreSQL-only default. The portable models must import and create_all on all three backends.
 */
const c2 = (name: string, nativeType: string, extra: Partial<IntrospectedColumn> = {}): IntrospectedColumn => ({ name, ordinal: 0, nativeType, nullable: true, default: null, autoincrement: false, ...extra });
const t2 = (name: string, columns: IntrospectedColumn[], extra: Partial<IntrospectedTable> = {}): IntrospectedTable => ({
  schema: 'public',
  name,
  columns: columns.map((c, i) => ({ ...c, ordinal: i + 1 })),
  primaryKey: [],
  foreignKeys: [],
  indexes: [],
  uniques: [],
  checks: [],
  ...extra,
});
const CLASSES_PG: IntrospectedSchema = {
  backend: 'postgresql',
  family: 'postgresql',
  serverVersion: 'PostgreSQL 15',
  schema: 'public',
  tables: [
    t2('items', [c2('id', 'bigint', { nullable: false, autoincrement: true }), c2('uuid', 'uuid'), c2('text', 'text', { default: "'x'::text" }), c2('tags', 'text[]'), c2('ttl', 'interval', { default: "'14 days'::interval" }), c2('score', 'double precision'), c2('metadata', 'jsonb')], {
      primaryKey: ['id'],
      indexes: [{ name: 'ix_tags', columns: ['tags'], unique: false }, { name: 'ix_uuid', columns: ['uuid'], unique: false }, { name: 'ix_meta', columns: ['metadata'], unique: false, kind: 'gin' }],
    }),
    t2('events', [c2('id', 'integer', { nullable: false, autoincrement: true }), c2('item_id', 'integer'), c2('note', 'text')], {
      primaryKey: ['id'],
      foreignKeys: [{ name: 'events_item_fk', columns: ['item_id'], refSchema: null, refTable: 'items', refColumns: ['id'] }],
      indexes: [{ name: 'ix_uuid', columns: ['item_id'], unique: false }, { name: 'ix_note', columns: ['note'], unique: true }],
    }),
    t2('audit', [c2('at', 'timestamp with time zone', { default: 'now()' }), c2('what', 'text')], { indexes: [{ name: 'ix_note', columns: ['at'], unique: false }] }),
  ],
};
const CLASSES_MARIA: IntrospectedSchema = {
  backend: 'mariadb',
  family: 'mysql',
  serverVersion: 'MariaDB 10.11',
  schema: 'shop',
  tables: [
    t2('parent', [c2('id', 'bigint(20) unsigned', { nullable: false, autoincrement: true }), c2('title', 'varchar(200)'), c2('body', 'text'), c2('type', 'varchar(20)')], {
      primaryKey: ['id'],
      indexes: [
        { name: 'ft_body', columns: ['title', 'body'], unique: false, kind: 'FULLTEXT' },
        { name: 'ix_title', columns: ['title'], unique: false, prefixes: [10] },
        { name: 'ix_type', columns: ['type'], unique: false },
      ],
    }),
    t2('child', [c2('id', 'smallint(5) unsigned', { nullable: false, autoincrement: true }), c2('parent_id', 'bigint(20) unsigned'), c2('other_id', 'int(11)'), c2('type', 'varchar(20)')], {
      primaryKey: ['id'],
      foreignKeys: [
        { name: 'fk_parent', columns: ['parent_id'], refSchema: null, refTable: 'Parent', refColumns: ['id'] },
        { name: 'fk_other', columns: ['other_id'], refSchema: null, refTable: 'parent', refColumns: ['id'] },
      ],
      indexes: [{ name: 'ix_type', columns: ['type'], unique: false }],
    }),
    t2('log', [c2('msg', 'varchar(50)'), c2('level', 'tinyint(3) unsigned')], { indexes: [{ name: 'ix_type', columns: ['msg'], unique: false }] }),
  ],
};

const CREATE = [
  'import importlib',
  'from sqlalchemy import create_engine',
  'sys.path.insert(0, data["dir"])',
  'm = importlib.import_module(data["module"])',
  'out = {}',
  'for name, u in data["urls"].items():',
  '    e = create_engine(u)',
  '    try:',
  '        m.Base.metadata.create_all(e)',
  '        out[name] = None',
  '    except Exception as x:',
  '        out[name] = f"{type(x).__name__}: {x}"[:300]',
  '    finally:',
  '        e.dispose()',
  'print(json.dumps(out))',
].join('\n');

const classesMissing = MISSING ?? serverMissing('postgres') ?? serverMissing('mysql');
describe.skipIf(classesMissing)(title('every failure class from real schemas, in schemas written for it: portable models create on all three backends', classesMissing), () => {
  for (const [label, schema] of [['PostgreSQL', CLASSES_PG], ['MariaDB', CLASSES_MARIA]] as const) {
    it(`${label} source: create_all on PostgreSQL, MariaDB and SQLite`, async () => {
      const module = writeModels(`classes_${schema.family}`, schema);
      const pgDb = await tempPgDatabase();
      const myDb = await tempMysqlDatabase();
      try {
        const urls = { postgresql: url('postgresql+psycopg', pgTarget(), pgDb.name), mariadb: url('mariadb+pymysql', mysqlTarget(), myDb.name), sqlite: `sqlite:///${join(dir.path, `${module}.db`)}` };
        expect(runSqlAlchemy<Record<string, string | null>>(CREATE, { dir: dir.path, module, urls })).toEqual({ postgresql: null, mariadb: null, sqlite: null });
      } finally {
        await pgDb.drop();
        await myDb.drop();
      }
    });
  }
});
