import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { pgPassword, pgProfile, pgTarget, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { expectColumn } from '../../../test/typemap-expect';
import { PYTHON_MISSING, pyCompile } from '../../../test/python';
import { listSchemas, runTypes } from './run';
import { generateModels } from '../typemap/models';
import { compileType } from '../typemap/compile';
import type { IntrospectedSchema, TypesReport } from '../../shared/typemap-model';

const DDL = `
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE everything (
  id bigserial PRIMARY KEY,
  ident integer GENERATED ALWAYS AS IDENTITY,
  small smallint,
  num numeric(10,2),
  num_free numeric,
  r real,
  d double precision,
  flag boolean NOT NULL DEFAULT true,
  name varchar(50) NOT NULL,
  free_text varchar,
  body text,
  code char(3),
  ts timestamp,
  tstz timestamptz,
  tstz3 timestamp(3) with time zone,
  day date,
  t time,
  dur interval,
  uid uuid,
  doc json,
  docb jsonb,
  tags text[],
  ip inet,
  search tsvector,
  attrs hstore,
  feeling mood,
  qty posint,
  raw bytea,
  plan varchar(10) CHECK (plan IN ('free', 'team'))
);
CREATE TABLE child (id int PRIMARY KEY, parent_id bigint NOT NULL REFERENCES everything (id) ON DELETE CASCADE, UNIQUE (parent_id));
CREATE INDEX ix_everything_name ON everything (name);
COMMENT ON TABLE child IS 'one per parent';
COMMENT ON COLUMN child.parent_id IS 'the parent row';
CREATE SCHEMA other;
CREATE TABLE other.lonely (id int PRIMARY KEY);
`;

describe.skipIf(serverMissing('postgres'))('PostgreSQL introspection and mapping (real server)', () => {
  let db: Awaited<ReturnType<typeof tempPgDatabase>>;
  let report: TypesReport;
  let schema: IntrospectedSchema;
  const phases: string[] = [];

  beforeAll(async () => {
    db = await tempPgDatabase();
    const c = new pg.Client({ ...pgTarget(), database: db.name });
    await c.connect();
    await c.query(DDL);
    await c.end();
    ({ report, schema } = await runTypes({ profile: pgProfile({ database: db.name }), password: pgPassword(), label: 'pg test', onProgress: (p) => phases.push(p.phase) }));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('lists schemas and reports progress phases in order', async () => {
    expect(await listSchemas({ profile: pgProfile({ database: db.name }), password: pgPassword(), label: 'pg' })).toEqual(expect.arrayContaining(['other', 'public']));
    expect(phases[0]).toBe('connecting');
    expect(phases).toContain('introspecting');
    expect(phases.at(-1)).toBe('done');
    expect(report.schema).toBe('public');
    expect(report.serverVersion).toMatch(/^PostgreSQL \d+/);
  });

  it('reads keys, identity, defaults, foreign keys and indexes', () => {
    const everything = schema.tables.find((t) => t.name === 'everything')!;
    const child = schema.tables.find((t) => t.name === 'child')!;
    expect(everything.primaryKey).toEqual(['id']);
    expect(everything.columns.find((c) => c.name === 'id')).toMatchObject({ autoincrement: true, nullable: false });
    expect(everything.columns.find((c) => c.name === 'ident')).toMatchObject({ autoincrement: true, identity: 'always' });
    expect(everything.columns.find((c) => c.name === 'flag')).toMatchObject({ default: 'true', nullable: false });
    expect(everything.indexes).toEqual([{ name: 'ix_everything_name', columns: ['name'], unique: false }]);
    expect(child.foreignKeys).toEqual([{ name: 'child_parent_id_fkey', columns: ['parent_id'], refSchema: null, refTable: 'everything', refColumns: ['id'], onDelete: 'CASCADE' }]);
    expect(child.uniques).toEqual([{ name: 'child_parent_id_key', columns: ['parent_id'], unique: true }]);
    // Comments come from pg_description: the table's (objsubid 0) and the column's, in column order.
    expect(child.comment).toBe('one per parent');
    expect(child.columns.map((c) => [c.ordinal, c.name, c.comment])).toEqual([[1, 'id', undefined], [2, 'parent_id', 'the parent row']]);
    expect(everything.comment).toBeUndefined();
    expect(everything.columns.map((c) => c.name).slice(0, 4)).toEqual(['id', 'ident', 'small', 'num']);
  });

  it('maps numbers, booleans and strings', () => {
    const c = report.columns;
    // bigserial: SQLite assigns ids only to INTEGER PRIMARY KEY, so the portable model gets an INTEGER variant there.
    expectColumn(c, 'everything.id', { native: 'bigint', reflected: 'BIGINT()', generic: 'BigInteger()', ddl: ['BIGINT', 'BIGINT', 'BIGINT'], verdicts: ['portable', 'portable', 'lossy'], lost: [[], [], ['autoincrement']] });
    expect(c.find((x) => x.table === 'everything' && x.column === 'id')!.portable).toBe('BigInteger().with_variant(Integer(), "sqlite")');
    expectColumn(c, 'everything.small', { reflected: 'SMALLINT()', generic: 'SmallInteger()', ddl: ['SMALLINT', 'SMALLINT', 'SMALLINT'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.num', { native: 'numeric(10,2)', reflected: 'NUMERIC(10, 2)', generic: 'Numeric(10, 2)', ddl: ['NUMERIC(10, 2)', 'NUMERIC(10, 2)', 'NUMERIC(10, 2)'], verdicts: ['portable', 'portable', 'portable'], lost: [[], [], []] });
    expectColumn(c, 'everything.num_free', { reflected: 'NUMERIC()', generic: 'Numeric()', ddl: ['NUMERIC', 'NUMERIC', 'NUMERIC'], verdicts: ['portable', 'lossy', 'lossy'], lost: [[], ['precision'], ['precision']] });
    expectColumn(c, 'everything.r', { reflected: 'REAL()', generic: 'REAL()', ddl: ['REAL', 'REAL', 'REAL'], verdicts: ['portable', 'portable', 'portable'] });
    // SQLAlchemy's mysql.DOUBLE refuses Double(53) at create_all ("You must specify both precision and scale").
    expectColumn(c, 'everything.d', { reflected: 'DOUBLE_PRECISION(53)', generic: 'Double(53)', ddl: ['DOUBLE PRECISION', 'error: ArgumentError: You must specify both precision and scale or omit both altogether.', 'DOUBLE'], verdicts: ['portable', 'unsupported', 'portable'] });
    expectColumn(c, 'everything.flag', { reflected: 'BOOLEAN()', generic: 'Boolean()', ddl: ['BOOLEAN', 'BOOL', 'BOOLEAN'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.name', { native: 'character varying(50)', reflected: 'VARCHAR(50)', generic: 'String(50)', ddl: ['VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.free_text', { reflected: 'VARCHAR()', generic: 'String()', ddl: ['VARCHAR', 'error: VARCHAR requires a length on dialect mysql', 'VARCHAR'], verdicts: ['portable', 'unsupported', 'portable'] });
    expectColumn(c, 'everything.body', { reflected: 'TEXT()', generic: 'Text()', ddl: ['TEXT', 'TEXT', 'TEXT'], verdicts: ['portable', 'lossy', 'portable'], lost: [[], ['size'], []] });
    expectColumn(c, 'everything.code', { reflected: 'CHAR(3)', generic: 'CHAR(3)', ddl: ['CHAR(3)', 'CHAR(3)', 'CHAR(3)'], verdicts: ['portable', 'portable', 'portable'] });
  });

  it('maps dates and times: time zone and fractional seconds', () => {
    const c = report.columns;
    expectColumn(c, 'everything.ts', { reflected: 'postgresql.TIMESTAMP()', generic: 'DateTime()', ddl: ['TIMESTAMP WITHOUT TIME ZONE', 'DATETIME', 'DATETIME'], verdicts: ['portable', 'lossy', 'portable'], lost: [[], ['fractional seconds'], []] });
    expectColumn(c, 'everything.tstz', { native: 'timestamp with time zone', reflected: 'postgresql.TIMESTAMP(timezone=True)', generic: 'DateTime(timezone=True)', ddl: ['TIMESTAMP WITH TIME ZONE', 'DATETIME', 'DATETIME'], verdicts: ['portable', 'lossy', 'lossy'], lost: [[], ['time zone', 'fractional seconds'], ['time zone']] });
    expectColumn(c, 'everything.tstz3', { reflected: 'postgresql.TIMESTAMP(timezone=True, precision=3)', generic: 'postgresql.TIMESTAMP(timezone=True, precision=3)', ddl: ['TIMESTAMP(3) WITH TIME ZONE', 'TIMESTAMP', 'TIMESTAMP'], verdicts: ['portable', 'lossy', 'lossy'], lost: [[], ['time zone', 'range'], ['time zone']] });
    expectColumn(c, 'everything.day', { reflected: 'DATE()', generic: 'Date()', ddl: ['DATE', 'DATE', 'DATE'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.t', { reflected: 'postgresql.TIME()', generic: 'Time()', ddl: ['TIME WITHOUT TIME ZONE', 'TIME', 'TIME'], verdicts: ['portable', 'lossy', 'portable'] });
    expectColumn(c, 'everything.dur', { reflected: 'postgresql.INTERVAL()', generic: 'postgresql.INTERVAL()', ddl: ['INTERVAL', "error: can't render element of type INTERVAL", "error: can't render element of type INTERVAL"], verdicts: ['portable', 'unsupported', 'unsupported'] });
  });

  it('maps UUID, JSON, JSONB, arrays, network, search, hstore, enums and domains', () => {
    const c = report.columns;
    expectColumn(c, 'everything.uid', { reflected: 'UUID()', generic: 'Uuid()', ddl: ['UUID', 'CHAR(32)', 'CHAR(32)'], verdicts: ['portable', 'lossy', 'lossy'], lost: [[], ['UUID format'], ['UUID format']] });
    expectColumn(c, 'everything.doc', { reflected: 'postgresql.JSON()', generic: 'JSON()', ddl: ['JSON', 'JSON', 'JSON'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.docb', { reflected: 'postgresql.JSONB()', generic: 'postgresql.JSONB()', ddl: ['JSONB', "error: can't render element of type JSONB", "error: can't render element of type JSONB"], verdicts: ['portable', 'unsupported', 'unsupported'] });
    expectColumn(c, 'everything.tags', { native: 'text[]', reflected: 'postgresql.ARRAY(TEXT())', generic: 'ARRAY(Text())', ddl: ['TEXT[]', "error: can't render element of type ARRAY", "error: can't render element of type ARRAY"], verdicts: ['portable', 'unsupported', 'unsupported'] });
    expectColumn(c, 'everything.ip', { reflected: 'postgresql.INET()', generic: 'postgresql.INET()', ddl: ['INET', 'error: INET', 'error: INET'], verdicts: ['portable', 'unsupported', 'unsupported'] });
    expectColumn(c, 'everything.search', { reflected: 'postgresql.TSVECTOR()', generic: 'postgresql.TSVECTOR()', ddl: ['TSVECTOR', 'error: TSVECTOR', 'error: TSVECTOR'], verdicts: ['portable', 'unsupported', 'unsupported'] });
    expectColumn(c, 'everything.attrs', { reflected: 'postgresql.HSTORE()', generic: 'postgresql.HSTORE()', ddl: ['HSTORE', 'error: HSTORE', 'error: HSTORE'], verdicts: ['portable', 'unsupported', 'unsupported'] });
    expectColumn(c, 'everything.feeling', { native: 'mood', reflected: "postgresql.ENUM('sad', 'ok', 'happy', name='mood')", generic: "Enum('sad', 'ok', 'happy', name='mood')", ddl: ['mood', "ENUM('sad','ok','happy')", 'VARCHAR(5)'], verdicts: ['portable', 'portable', 'lossy'], lost: [[], [], ['enum constraint']] });
    expectColumn(c, 'everything.qty', { native: 'posint', reflected: "postgresql.DOMAIN('posint', INTEGER())", generic: "postgresql.DOMAIN('posint', INTEGER())", ddl: ['posint', 'error: DOMAIN', 'error: DOMAIN'], verdicts: ['portable', 'unsupported', 'unsupported'] });
    expectColumn(c, 'everything.raw', { reflected: 'postgresql.BYTEA()', generic: 'LargeBinary()', ddl: ['BYTEA', 'BLOB', 'BLOB'], verdicts: ['portable', 'lossy', 'portable'], lost: [[], ['size'], []] });
    expectColumn(c, 'everything.plan', { reflected: 'VARCHAR(10)', generic: "Enum('free', 'team', native_enum=False, length=10)", ddl: ['VARCHAR(10)', 'VARCHAR(10)', 'VARCHAR(10)'], verdicts: ['portable', 'portable', 'portable'] });
    const docb = c.find((x) => x.column === 'docb')!;
    expect(docb.verdicts.sqlite.fix).toMatch(/JSON\(\)\.with_variant\(postgresql\.JSONB\(\), "postgresql"\)/);
    expect(docb.portable).toBe('JSON()');
  });

  it('summarises what blocks MySQL and SQLite, table by table', () => {
    expect(report.summary.targets.postgresql).toMatchObject({ runs: true, unsupported: 0 });
    expect(report.summary.targets.mysql.runs).toBe(false);
    expect(report.summary.targets.sqlite.runs).toBe(false);
    const blockers = report.summary.issues.filter((i) => i.target === 'sqlite' && i.level === 'unsupported').map((i) => i.column);
    expect(blockers).toEqual(['dur', 'docb', 'tags', 'ip', 'search', 'attrs', 'qty']);
    expect(report.tableSummaries.find((t) => t.table === 'child')!.targets.sqlite).toMatchObject({ runs: true, unsupported: 0, lossy: 0 });
  });

  it('introspects another schema when asked', async () => {
    const other = await runTypes({ profile: pgProfile({ database: db.name }), password: pgPassword(), label: 'pg', schema: 'other' });
    expect(other.report.tables.map((t) => t.name)).toEqual(['lonely']);
    expect(generateModels(other.schema, [], 'portable')).toContain("{'schema': 'other'}");
  });

  it('stops with CANCELLED when cancelled before or during introspection', async () => {
    const before = new AbortController();
    before.abort();
    await expect(runTypes({ profile: pgProfile({ database: db.name }), password: pgPassword(), label: 'pg', signal: before.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    const during = new AbortController();
    const seen: string[] = [];
    const run = runTypes({
      profile: pgProfile({ database: db.name }),
      password: pgPassword(),
      label: 'pg',
      signal: during.signal,
      onProgress: (p) => {
        seen.push(p.phase);
        if (p.phase === 'introspecting') during.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toEqual(['connecting', 'introspecting']);
  });

  it.skipIf(PYTHON_MISSING)('generates models python3 compiles, in both variants', () => {
    for (const variant of ['portable', 'faithful'] as const) pyCompile(generateModels(schema, [], variant));
    const faithful = generateModels(schema, [], 'faithful');
    expect(faithful).toContain('postgresql.JSONB()');
    expect(faithful).toContain('Identity(always=True)');
    expect(generateModels(schema, ['child', 'everything'], 'portable')).toContain("ForeignKey('everything.id', ondelete='CASCADE')");
    // Without the referenced table in the file, create_all would raise NoReferencedTableError.
    expect(generateModels(schema, ['child'], 'portable')).toContain('foreign key to everything left out: table everything is not in this file');
  });
});

describe.skipIf(serverMissing('postgres'))('PostgreSQL 14+ multirange types (real server)', () => {
  let db: Awaited<ReturnType<typeof tempPgDatabase>>;
  let report: TypesReport;
  let schema: IntrospectedSchema;
  let versionNum = 0;
  const KINDS = ['int4multirange', 'int8multirange', 'nummultirange', 'datemultirange', 'tsmultirange', 'tstzmultirange'];

  beforeAll(async () => {
    db = await tempPgDatabase();
    const c = new pg.Client({ ...pgTarget(), database: db.name });
    await c.connect();
    try {
      versionNum = Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v);
      if (versionNum >= 140000) {
        await c.query(`CREATE TABLE spans (id serial PRIMARY KEY, ${KINDS.map((k) => `${k.replace('multirange', '_mr')} ${k}`).join(', ')}, r int4range, mr_list int4multirange[])`);
        await c.query("INSERT INTO spans (int4_mr, date_mr) VALUES ('{[1,3), [5,8)}', '{[2024-01-01,2024-02-01)}')");
      }
    } finally {
      await c.end();
    }
    ({ report, schema } = await runTypes({ profile: pgProfile({ database: db.name }), password: pgPassword(), label: 'pg multirange' }));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads format_type() of each multirange, reflects the dialect type, and says what blocks MySQL and SQLite', ({ skip }) => {
    if (versionNum < 140000) skip(`multiranges need PostgreSQL 14+, server is ${versionNum}`);
    const c = report.columns;
    for (const kind of KINDS) {
      const upper = kind.toUpperCase();
      expectColumn(c, `spans.${kind.replace('multirange', '_mr')}`, {
        native: kind,
        reflected: `postgresql.${upper}()`,
        generic: `postgresql.${upper}()`,
        ddl: [upper, `error: can't render element of type ${upper}`, `error: can't render element of type ${upper}`],
        verdicts: ['portable', 'unsupported', 'unsupported'],
      });
      const col = c.find((x) => x.column === kind.replace('multirange', '_mr'))!;
      expect(col.portable).toBe('JSON()');
      expect(col.verdicts.mysql.fix).toMatch(/^JSON\(\): .*list of \[lower, upper\] pairs/);
    }
    expectColumn(c, 'spans.r', { native: 'int4range', reflected: 'postgresql.INT4RANGE()', generic: 'postgresql.INT4RANGE()', ddl: ['INT4RANGE', 'error: INT4RANGE', 'error: INT4RANGE'], verdicts: ['portable', 'unsupported', 'unsupported'] });
    expectColumn(c, 'spans.mr_list', { native: 'int4multirange[]', reflected: 'postgresql.ARRAY(postgresql.INT4MULTIRANGE())', generic: 'ARRAY(postgresql.INT4MULTIRANGE())', ddl: ['INT4MULTIRANGE[]', 'error: ARRAY', 'error: ARRAY'], verdicts: ['portable', 'unsupported', 'unsupported'] });
  });

  it.skipIf(PYTHON_MISSING)('the portable models hold no dialect type; the faithful ones keep the multiranges', ({ skip }) => {
    if (versionNum < 140000) skip(`multiranges need PostgreSQL 14+, server is ${versionNum}`);
    const portable = generateModels(schema, [], 'portable');
    const faithful = generateModels(schema, [], 'faithful');
    pyCompile(portable);
    pyCompile(faithful);
    expect(portable).not.toContain('dialects');
    expect(faithful).toContain('postgresql.TSTZMULTIRANGE()');
  });
});

describe.skipIf(serverMissing('postgres'))('Text(n) on PostgreSQL (real server)', () => {
  it('SQLAlchemy emits TEXT(n), which PostgreSQL refuses with the message Poolscope quotes', async () => {
    const db = await tempPgDatabase();
    const c = new pg.Client({ ...pgTarget(), database: db.name });
    await c.connect();
    try {
      const err = await c.query('CREATE TABLE t (body TEXT(20000))').then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toBe('type modifier is not allowed for type "text"');
      const ours = compileType({ cls: 'Text', length: 20000 }, 'postgresql');
      expect(ours.ok).toBe(false);
      if (!ours.ok) expect(ours.error).toContain(err!.message);
      expect(compileType({ cls: 'Text' }, 'postgresql')).toEqual({ ok: true, ddl: 'TEXT' });
    } finally {
      await c.end();
      await db.drop();
    }
  });
});
