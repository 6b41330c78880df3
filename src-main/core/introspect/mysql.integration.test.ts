import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mysqlPassword, mysqlProfile, mysqlTarget, tempMysqlDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { expectColumn } from '../../../test/typemap-expect';
import { PYTHON_MISSING, pyCompile } from '../../../test/python';
import { runSqlAlchemy, sqlalchemyMissing } from '../../../test/sqlalchemy';
import { tempDir } from '../../../test/tmp';
import { runTypes } from './run';
import { generateModels } from '../typemap/models';
import { mapTable } from '../typemap/map';
import { compileType } from '../typemap/compile';
import { mysqlCreates } from '../typemap/storage';
import type { IntrospectedSchema, TypesReport } from '../../shared/typemap-model';

const DDL = [
  `CREATE TABLE everything (
    id INT AUTO_INCREMENT PRIMARY KEY,
    u INT UNSIGNED,
    big_u BIGINT UNSIGNED,
    tiny TINYINT,
    flag TINYINT(1) NOT NULL DEFAULT 0,
    bit1 BIT(1),
    med MEDIUMINT,
    doc JSON,
    e ENUM('a','b') DEFAULT 'a',
    s SET('x','y'),
    dt DATETIME,
    dt6 DATETIME(6),
    ts TIMESTAMP NULL,
    dec1 DECIMAL(10,2),
    f FLOAT,
    dbl DOUBLE,
    c36 CHAR(36),
    v VARCHAR(20) DEFAULT 'hi',
    lt LONGTEXT,
    txt TEXT,
    bl BLOB,
    y YEAR,
    plan VARCHAR(10) CHECK (plan IN ('free', 'team')),
    KEY ix_v (v)
  )`,
  'CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, UNIQUE KEY uq_parent (parent_id), CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES everything (id) ON DELETE CASCADE)',
];

describe.skipIf(serverMissing('mysql'))('MariaDB introspection and mapping (real server)', () => {
  let db: Awaited<ReturnType<typeof tempMysqlDatabase>>;
  let report: TypesReport;
  let schema: IntrospectedSchema;

  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const c = await mysql.createConnection({ ...mysqlTarget(), database: db.name });
    for (const stmt of DDL) await c.query(stmt);
    await c.end();
    ({ report, schema } = await runTypes({ profile: mysqlProfile({ database: db.name }), password: mysqlPassword(), label: 'mariadb test' }));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads keys, auto-increment, defaults, foreign keys and indexes (not the FK helper index)', () => {
    const everything = schema.tables.find((t) => t.name === 'everything')!;
    const child = schema.tables.find((t) => t.name === 'child')!;
    expect(report.serverVersion).toMatch(/^MariaDB /);
    expect(everything.primaryKey).toEqual(['id']);
    expect(everything.columns.find((c) => c.name === 'id')).toMatchObject({ autoincrement: true, nullable: false });
    expect(everything.columns.find((c) => c.name === 'v')?.default).toBe("'hi'");
    expect(everything.columns.find((c) => c.name === 'txt')?.default).toBeNull();
    expect(everything.indexes).toEqual([{ name: 'ix_v', columns: ['v'], unique: false }]);
    expect(child.foreignKeys).toEqual([{ name: 'fk_parent', columns: ['parent_id'], refSchema: null, refTable: 'everything', refColumns: ['id'], onDelete: 'CASCADE' }]);
    expect(child.uniques).toEqual([{ name: 'uq_parent', columns: ['parent_id'], unique: true }]);
    expect(child.indexes).toEqual([]);
  });

  it('maps integers: display width, unsigned range, TINYINT(1) and BIT(1) as booleans', () => {
    const c = report.columns;
    expectColumn(c, 'everything.id', { native: 'int(11)', reflected: 'mysql.INTEGER(11)', generic: 'mysql.INTEGER(11)', ddl: ['INTEGER', 'INTEGER(11)', 'INTEGER'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.u', { native: 'int(10) unsigned', reflected: 'mysql.INTEGER(10, unsigned=True)', generic: 'mysql.INTEGER(10, unsigned=True)', ddl: ['INTEGER', 'INTEGER(10) UNSIGNED', 'INTEGER'], verdicts: ['lossy', 'portable', 'portable'], lost: [['unsigned range'], [], []] });
    expectColumn(c, 'everything.big_u', { reflected: 'mysql.BIGINT(20, unsigned=True)', generic: 'mysql.BIGINT(20, unsigned=True)', ddl: ['BIGINT', 'BIGINT(20) UNSIGNED', 'BIGINT'], verdicts: ['lossy', 'portable', 'lossy'], lost: [['unsigned range'], [], ['unsigned range']] });
    expectColumn(c, 'everything.tiny', { reflected: 'mysql.TINYINT(4)', generic: 'mysql.TINYINT(4)', ddl: ["error: can't render element of type TINYINT", 'TINYINT(4)', "error: can't render element of type TINYINT"], verdicts: ['unsupported', 'portable', 'unsupported'] });
    expectColumn(c, 'everything.flag', { native: 'tinyint(1)', reflected: 'mysql.TINYINT(1)', generic: 'Boolean()', ddl: ['BOOLEAN', 'BOOL', 'BOOLEAN'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.bit1', { reflected: 'mysql.BIT(1)', generic: 'Boolean()', ddl: ['BOOLEAN', 'BOOL', 'BOOLEAN'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.med', { reflected: 'mysql.MEDIUMINT(9)', generic: 'mysql.MEDIUMINT(9)', ddl: ['error: MEDIUMINT', 'MEDIUMINT(9)', 'error: MEDIUMINT'], verdicts: ['unsupported', 'portable', 'unsupported'] });
    const u = c.find((x) => x.column === 'u')!;
    expect(u.portable).toBe('BigInteger()');
    expect(u.verdicts.postgresql.fix).toMatch(/^BigInteger\(\)/);
  });

  it("detects MariaDB's JSON (LONGTEXT + json_valid) and maps ENUM, SET and the CHECK-based enum", () => {
    const c = report.columns;
    expectColumn(c, 'everything.doc', { native: 'longtext', reflected: 'mysql.LONGTEXT()', generic: 'JSON()', ddl: ['JSON', 'JSON', 'JSON'], verdicts: ['portable', 'portable', 'portable'] });
    expect(c.find((x) => x.column === 'doc')!.notes.join(' ')).toMatch(/json_valid/);
    expectColumn(c, 'everything.e', { reflected: "mysql.ENUM('a', 'b')", generic: "Enum('a', 'b')", ddl: ['error: PostgreSQL ENUM type requires a name.', "ENUM('a','b')", 'VARCHAR(1)'], verdicts: ['unsupported', 'portable', 'lossy'], lost: [[], [], ['enum constraint']] });
    expect(c.find((x) => x.column === 'e')!.portable).toBe("Enum('a', 'b', name='everything_e')");
    expectColumn(c, 'everything.s', { reflected: "mysql.SET('x', 'y')", generic: "mysql.SET('x', 'y')", ddl: ['error: SET', "SET('x','y')", 'error: SET'], verdicts: ['unsupported', 'portable', 'unsupported'] });
    expectColumn(c, 'everything.plan', { reflected: 'mysql.VARCHAR(10)', generic: "Enum('free', 'team', native_enum=False, length=10)", ddl: ['VARCHAR(10)', 'VARCHAR(10)', 'VARCHAR(10)'], verdicts: ['portable', 'portable', 'portable'] });
  });

  it('maps dates, decimals, floats, text and blobs', () => {
    const c = report.columns;
    expectColumn(c, 'everything.dt', { reflected: 'mysql.DATETIME()', generic: 'DateTime()', ddl: ['TIMESTAMP WITHOUT TIME ZONE', 'DATETIME', 'DATETIME'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.dt6', { reflected: 'mysql.DATETIME(fsp=6)', generic: 'mysql.DATETIME(fsp=6)', ddl: ['error: type "datetime" does not exist', 'DATETIME(6)', 'DATETIME'], verdicts: ['unsupported', 'portable', 'portable'] });
    expectColumn(c, 'everything.ts', { reflected: 'mysql.TIMESTAMP()', generic: 'TIMESTAMP()', ddl: ['TIMESTAMP WITHOUT TIME ZONE', 'TIMESTAMP', 'TIMESTAMP'], verdicts: ['portable', 'portable', 'portable'] });
    // Ten digits come back exactly through SQLite's double (typemap/verdicts.integration.test.ts measures it).
    expectColumn(c, 'everything.dec1', { reflected: 'mysql.DECIMAL(10, 2)', generic: 'DECIMAL(10, 2)', ddl: ['DECIMAL(10, 2)', 'DECIMAL(10, 2)', 'DECIMAL(10, 2)'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.f', { reflected: 'mysql.FLOAT()', generic: 'Float()', ddl: ['FLOAT', 'FLOAT', 'FLOAT'], verdicts: ['portable', 'portable', 'portable'] });
    // SQLAlchemy's mysql.DOUBLE returns Decimal (asdecimal=True), the generic Double() float (typemap/asdecimal.integration.test.ts).
    expectColumn(c, 'everything.dbl', { reflected: 'mysql.DOUBLE()', generic: 'Double()', ddl: ['DOUBLE PRECISION', 'DOUBLE', 'DOUBLE'], verdicts: ['lossy', 'lossy', 'lossy'], lost: [['asdecimal'], ['asdecimal'], ['asdecimal']] });
    expectColumn(c, 'everything.c36', { reflected: 'mysql.CHAR(36)', generic: 'CHAR(36)', ddl: ['CHAR(36)', 'CHAR(36)', 'CHAR(36)'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.v', { reflected: 'mysql.VARCHAR(20)', generic: 'String(20)', ddl: ['VARCHAR(20)', 'VARCHAR(20)', 'VARCHAR(20)'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.lt', { reflected: 'mysql.LONGTEXT()', generic: 'mysql.LONGTEXT()', ddl: ['error: LONGTEXT', 'LONGTEXT', 'error: LONGTEXT'], verdicts: ['unsupported', 'portable', 'unsupported'] });
    expectColumn(c, 'everything.txt', { reflected: 'mysql.TEXT()', generic: 'Text()', ddl: ['TEXT', 'TEXT', 'TEXT'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.bl', { reflected: 'mysql.BLOB()', generic: 'LargeBinary()', ddl: ['BYTEA', 'BLOB', 'BLOB'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'everything.y', { reflected: 'mysql.YEAR(4)', generic: 'mysql.YEAR(4)', ddl: ['error: YEAR', 'YEAR(4)', 'error: YEAR'], verdicts: ['unsupported', 'portable', 'unsupported'] });
  });

  it.skipIf(PYTHON_MISSING)('generates models python3 compiles, in both variants', () => {
    for (const variant of ['portable', 'faithful'] as const) pyCompile(generateModels(schema, [], variant));
    const portable = generateModels(schema, [], 'portable');
    expect(portable).not.toContain('dialects');
    expect(portable).toContain("e: Mapped[Optional[str]] = mapped_column(Enum('a', 'b', name='everything_e'), server_default=text(\"'a'\"))");
    expect(generateModels(schema, [], 'faithful')).toContain('mysql.SET(');
  });
});

describe.skipIf(serverMissing('mysql'))("MariaDB 10.7+'s native uuid (real server)", () => {
  let db: Awaited<ReturnType<typeof tempMysqlDatabase>>;
  let report: TypesReport;
  let schema: IntrospectedSchema;
  let hasUuid = false;
  let infoSchema: Array<{ name: string; dataType: string; columnType: string }> = [];

  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const c = await mysql.createConnection({ ...mysqlTarget(), database: db.name });
    try {
      const [[v]] = (await c.query('SELECT VERSION() AS v')) as unknown as [[{ v: string }]];
      const m = /^(\d+)\.(\d+)\..*mariadb/i.exec(v.v);
      hasUuid = !!m && (Number(m[1]) > 10 || (Number(m[1]) === 10 && Number(m[2]) >= 7));
      if (hasUuid) {
        await c.query('CREATE TABLE tokens (id INT PRIMARY KEY, token UUID NOT NULL DEFAULT uuid(), spare UUID)');
        const [rows] = await c.query('SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [db.name, 'tokens']);
        infoSchema = rows as typeof infoSchema;
      }
    } finally {
      await c.end();
    }
    ({ report, schema } = await runTypes({ profile: mysqlProfile({ database: db.name }), password: mysqlPassword(), label: 'mariadb uuid' }));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('information_schema says uuid; mapped as Uuid(), lossy where SQLAlchemy emits CHAR(32)', ({ skip }) => {
    if (!hasUuid) skip('the server is not MariaDB 10.7+');
    expect(infoSchema.filter((r) => r.name !== 'id')).toEqual([
      { name: 'token', dataType: 'uuid', columnType: 'uuid' },
      { name: 'spare', dataType: 'uuid', columnType: 'uuid' },
    ]);
    expectColumn(report.columns, 'tokens.token', {
      native: 'uuid',
      reflected: 'UUID()',
      generic: 'Uuid()',
      ddl: ['UUID', 'CHAR(32)', 'CHAR(32)'],
      verdicts: ['portable', 'lossy', 'lossy'],
      lost: [[], ['UUID format'], ['UUID format']],
    });
    expect(report.columns.find((c) => c.column === 'token')!.portable).toBe('Uuid().with_variant(UUID(), "mariadb")');
  });

  const missing = sqlalchemyMissing();
  it.skipIf(missing)(`SQLAlchemy reflects UUID() too, and the portable model recreates a native uuid on MariaDB that round-trips uuid.UUID${missing ? ` (SKIPPED: ${missing})` : ''}`, ({ skip }) => {
    if (!hasUuid) skip('the server is not MariaDB 10.7+');
    const dir = tempDir('poolscope-uuid-');
    try {
      writeFileSync(join(dir.path, 'uuid_models.py'), generateModels(schema, [], 'portable'));
      const t = mysqlTarget();
      const url = `mariadb+pymysql://${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@${t.host}:${t.port}/${db.name}`;
      const r = runSqlAlchemy<{ reflected: Record<string, string>; created: string; roundTrip: boolean }>(
        [
          'import uuid',
          'from sqlalchemy import create_engine, inspect, text, select',
          'from sqlalchemy.orm import Session',
          'sys.path.insert(0, data["dir"])',
          'import uuid_models as m',
          'e = create_engine(data["url"])',
          'reflected = {c["name"]: repr(c["type"]) for c in inspect(e).get_columns("tokens")}',
          'with e.begin() as c:',
          '    c.execute(text("DROP TABLE tokens"))',
          'm.Base.metadata.create_all(e)',
          'with e.connect() as c:',
          '    created = c.execute(text("SHOW CREATE TABLE tokens")).one()[1]',
          'u = uuid.uuid4()',
          'with Session(e) as s:',
          '    s.add(m.Tokens(id=1, token=u, spare=u))',
          '    s.commit()',
          '    back = s.scalars(select(m.Tokens.token)).one()',
          'e.dispose()',
          'print(json.dumps({"reflected": reflected, "created": created, "roundTrip": back == u}))',
        ].join('\n'),
        { dir: dir.path, url },
      );
      expect(r.reflected).toMatchObject({ token: 'UUID()', spare: 'UUID()' });
      expect(r.created).toMatch(/`token` uuid NOT NULL/);
      expect(r.created).toMatch(/`spare` uuid DEFAULT NULL/);
      expect(r.roundTrip).toBe(true);
    } finally {
      dir.cleanup();
    }
  });
});

describe.skipIf(serverMissing('mysql'))('VARCHAR longer than 16,383 characters under utf8mb4 (real server)', () => {
  let db: Awaited<ReturnType<typeof tempMysqlDatabase>>;
  let c: mysql.Connection;
  beforeAll(async () => {
    db = await tempMysqlDatabase();
    c = await mysql.createConnection({ ...mysqlTarget(), database: db.name });
  });
  afterAll(async () => {
    await c?.end();
    await db?.drop();
  });
  const pgColumn = (type: string) =>
    mapTable('postgresql', {
      schema: 'public',
      name: 't',
      columns: [{ name: 'v', ordinal: 1, nativeType: type, nullable: true, default: null, autoincrement: false }],
      primaryKey: [],
      foreignKeys: [],
      indexes: [],
      uniques: [],
      checks: [],
    })[0]!;

  it('strict mode refuses VARCHAR(20000) with the error Poolscope quotes; VARCHAR(16383) alone is accepted', async () => {
    await c.query("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
    const err = await c.query('CREATE TABLE too_long (v VARCHAR(20000))').then(
      () => null,
      (e: { errno: number; sqlMessage: string }) => e,
    );
    expect(err?.errno).toBe(1074);
    expect(err?.sqlMessage).toMatch(/^Column length too big for column 'v' \(max = 16383\); use BLOB or TEXT instead$/);
    await c.query('CREATE TABLE at_limit (v VARCHAR(16383))');
    const mapped = pgColumn('character varying(20000)');
    expect(mapped.verdicts.mysql.level).toBe('unsupported');
    expect(mapped.verdicts.mysql.detail).toContain('(max = 16383); use BLOB or TEXT instead');
    expect(pgColumn('character varying(16383)').verdicts.mysql.level).toBe('portable');
  });

  it('without strict mode the server converts it, with note 1246, to the text type Poolscope names', async () => {
    await c.query("SET SESSION sql_mode = ''");
    await c.query('CREATE TABLE converted (v VARCHAR(20000))');
    const [warnings] = await c.query('SHOW WARNINGS');
    expect(warnings).toEqual([{ Level: 'Note', Code: 1246, Message: "Converting column 'v' from VARCHAR to TEXT" }]);
    const [[row]] = (await c.query("SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'converted'")) as unknown as [[{ t: string }]];
    expect(row.t).toBe('mediumtext');
    expect(pgColumn('character varying(20000)').verdicts.mysql.detail).toContain('silently becomes MEDIUMTEXT');
  });

  const missing = sqlalchemyMissing();
  it.skipIf(missing)(`the fix, String(20000).with_variant(Text(20000), "mysql", "mariadb"), creates MEDIUMTEXT here through SQLAlchemy${missing ? ` (SKIPPED: ${missing})` : ''}`, () => {
    const mapped = pgColumn('character varying(20000)');
    expect(mapped.portable).toBe('String(20000).with_variant(Text(20000), "mysql", "mariadb")');
    expect(mapped.verdicts.mysql.fix).toMatch(/^String\(20000\)\.with_variant\(Text\(20000\), "mysql", "mariadb"\): .*creates as MEDIUMTEXT/);
    const t = mysqlTarget();
    const created = runSqlAlchemy<Record<string, string>>(
      [
        'from sqlalchemy import create_engine, inspect, MetaData, Table, Column, String, Text, text',
        'md = MetaData()',
        'Table("fixed", md, Column("v", eval(data["type"])))',
        'out = {}',
        'for name in ("mysql+pymysql", "mariadb+pymysql"):',
        '    e = create_engine(data["url"].replace("SCHEME", name))',
        '    md.drop_all(e); md.create_all(e)',
        '    with e.connect() as c:',
        '        out[name] = c.execute(text("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \'fixed\'")).scalar_one()',
        '    md.drop_all(e); e.dispose()',
        'print(json.dumps(out))',
      ].join('\n'),
      { type: mapped.portable, url: `SCHEME://${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@${t.host}:${t.port}/${db.name}` },
    );
    expect(created).toEqual({ 'mysql+pymysql': 'mediumtext', 'mariadb+pymysql': 'mediumtext' });
  });
});

describe.skipIf(serverMissing('mysql'))('Text(n) and LargeBinary(n): SQLAlchemy emits TEXT(n) / BLOB(n), the server picks the type (real server)', () => {
  const missing = sqlalchemyMissing();
  it.skipIf(missing)(`the type the server creates is the one Poolscope names, for every size boundary${missing ? ` (SKIPPED: ${missing})` : ''}`, async () => {
    const db = await tempMysqlDatabase();
    try {
      const sizes = [0, 1, 63, 64, 255, 256, 16383, 16384, 20000, 4194303, 4194304];
      const blobs = [0, 255, 256, 65535, 65536, 16777215, 16777216];
      const t = mysqlTarget();
      const r = runSqlAlchemy<{ ddl: string[]; created: Record<string, string> }>(
        [
          'from sqlalchemy import create_engine, MetaData, Table, Column, Integer, Text, LargeBinary, text',
          'from sqlalchemy.schema import CreateTable',
          'md = MetaData()',
          'cols = [Column(f"t{n}", Text(n)) for n in data["sizes"]] + [Column(f"b{n}", LargeBinary(n)) for n in data["blobs"]]',
          't = Table("sized", md, Column("id", Integer, primary_key=True), *cols)',
          'e = create_engine(data["url"])',
          'ddl = [str(c.type.compile(dialect=e.dialect)) for c in cols]',
          'md.create_all(e)',
          'with e.connect() as c:',
          '    created = dict(c.execute(text("SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \'sized\' AND COLUMN_NAME <> \'id\'")).all())',
          'e.dispose()',
          'print(json.dumps({"ddl": ddl, "created": created}))',
        ].join('\n'),
        { sizes, blobs, url: `mariadb+pymysql://${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@${t.host}:${t.port}/${db.name}` },
      );
      const ours = [...sizes.map((n) => compileType({ cls: 'Text', length: n }, 'mysql')), ...blobs.map((n) => compileType({ cls: 'LargeBinary', length: n }, 'mysql'))];
      expect(ours.map((d) => (d.ok ? d.ddl : d.error))).toEqual(r.ddl);
      const names = [...sizes.map((n) => `t${n}`), ...blobs.map((n) => `b${n}`)];
      expect(names.map((name, i) => (mysqlCreates(r.ddl[i]!) ?? r.ddl[i]!).toLowerCase())).toEqual(names.map((name) => r.created[name]));
      expect(r.created).toMatchObject({ t20000: 'mediumtext', t63: 'tinytext', t64: 'text', t255: 'text', b255: 'tinyblob' });
    } finally {
      await db.drop();
    }
  });
});
