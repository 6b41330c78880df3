import { describe, expect, it } from 'vitest';
import { adaptToGeneric } from './adapt';
import { parseEnumCheck, parseJsonValidCheck } from './check-parse';
import { pyType } from './python';
import { reflectMysqlType, reflectPostgresType } from './reflect';
import { resolveSqliteType, sqliteAffinity } from './sqlite-affinity';
import type { SaType } from './satype';

describe("SQLite's five affinity rules, in order", () => {
  it.each([
    ['INT', 'INTEGER'], ['INTEGER', 'INTEGER'], ['TINYINT', 'INTEGER'], ['UNSIGNED BIG INT', 'INTEGER'], ['INT8', 'INTEGER'],
    ['POINT', 'INTEGER'], ['FLOATING POINT', 'INTEGER'],
    ['CHARACTER(20)', 'TEXT'], ['VARCHAR(255)', 'TEXT'], ['NATIVE CHARACTER(70)', 'TEXT'], ['NVARCHAR(100)', 'TEXT'], ['TEXT', 'TEXT'], ['CLOB', 'TEXT'],
    ['BLOB', 'BLOB'], ['', 'BLOB'],
    ['REAL', 'REAL'], ['DOUBLE', 'REAL'], ['DOUBLE PRECISION', 'REAL'], ['FLOAT', 'REAL'],
    ['NUMERIC', 'NUMERIC'], ['DECIMAL(10,5)', 'NUMERIC'], ['BOOLEAN', 'NUMERIC'], ['DATE', 'NUMERIC'], ['DATETIME', 'NUMERIC'],
    ['UUID', 'NUMERIC'], ['JSON', 'NUMERIC'], ['TIMESTAMP WITH TIME ZONE', 'NUMERIC'], ['STRING', 'NUMERIC'], ['blob text', 'TEXT'],
  ])('%s -> %s', (declared: string, affinity: string) => {
    expect(sqliteAffinity(declared)).toBe(affinity);
  });
});

describe("SQLAlchemy's SQLite reflection (_resolve_type_affinity)", () => {
  const r = (d: string) => pyType(resolveSqliteType(d).type);
  it('recognises its ischema_names and passes the numbers positionally', () => {
    expect(r('VARCHAR(40)')).toBe('VARCHAR(40)');
    expect(r('numeric(10, 2)')).toBe('NUMERIC(10, 2)');
    expect(r('BOOL')).toBe('BOOLEAN()');
    expect(r('JSON')).toBe('sqlite.JSON()');
    expect(r('DATETIME')).toBe('DATETIME()');
  });
  it('falls back on affinity for unknown names, the way SQLAlchemy does', () => {
    expect(resolveSqliteType('UUID')).toEqual({ type: { cls: 'NUMERIC' }, affinityFallback: true, droppedArgs: false, bound: [], otherArgs: [] });
    expect(r('TIMESTAMP WITH TIME ZONE')).toBe('NUMERIC()');
    expect(r('MEDIUMTEXT')).toBe('TEXT()');
    expect(r('BIGSERIAL')).toBe('NUMERIC()');
    expect(r('DOUBLE PRECISION')).toBe('REAL()');
    expect(r('')).toBe('NullType()');
    // INTEGER takes no arguments: SQLAlchemy warns and drops them.
    expect(resolveSqliteType('INTEGER(11)')).toMatchObject({ type: { cls: 'INTEGER' }, droppedArgs: true });
  });

  // What SQLAlchemy 2.0.54's inspect(engine).get_columns() returned for these declared types (repr of the
  // type, and whether it warned "Could not instantiate type"); checked live in sqlalchemy-parity.integration.test.ts.
  it.each<[string, string, boolean, string[]]>([
    ['VARCHAR(20)', 'VARCHAR(20)', false, []],
    ['DECIMAL(10,2)', 'DECIMAL(10, 2)', false, []],
    ['NUMERIC(10, 2)', 'NUMERIC(10, 2)', false, []],
    ['decimal(10 , 2)', 'DECIMAL(10, 2)', false, []],
    ['FOOBAR(3)', 'NUMERIC(3)', false, []],
    ['FOOBAR(3, 4)', 'NUMERIC(3, 4)', false, []],
    ['NUMERIC(-1)', 'NUMERIC(1)', false, []],
    ['TEXT(100)', 'TEXT(100)', false, []],
    ['VARCHAR (20)', 'TEXT(20)', false, []],
    ['character varying(20)', 'TEXT(20)', false, []],
    ['DATETIME(6)', 'DATETIME(timezone=True)', false, []],
    ['TIMESTAMP(0)', 'TIMESTAMP()', false, []],
    // The second number is not a scale: Float's second parameter is asdecimal, String's is collation.
    ['REAL(10,2)', 'REAL(10)', false, ['asdecimal=2']],
    ['DOUBLE(10,2)', 'DOUBLE(10)', false, ['asdecimal=2']],
    ['FLOAT(10,2)', 'FLOAT(10)', false, ['asdecimal=2']],
    ['VARCHAR(1e3)', 'VARCHAR(1)', false, ['collation=3']],
    ['BOOLEAN(1)', 'BOOLEAN(create_constraint=True)', false, []],
    ['JSON(1)', 'sqlite.JSON()', false, ['none_as_null=1']],
    ['INT(11)', 'INTEGER()', true, []],
    ['BIGINT(20)', 'BIGINT()', true, []],
    ['TINYINT(1)', 'INTEGER()', true, []],
    ['DATE(1)', 'DATE()', true, []],
    ['MYBLOB(3)', 'NullType()', true, []],
  ])('%s -> %s', (declared: string, want: string, dropped: boolean, other: string[]) => {
    const got = resolveSqliteType(declared);
    expect(pyType(got.type)).toBe(want);
    expect(got.droppedArgs).toBe(dropped);
    expect(got.otherArgs).toEqual(other);
  });
});

describe('PostgreSQL and MySQL reflection parse what the servers print', () => {
  it('PostgreSQL format_type()', () => {
    expect(pyType(reflectPostgresType('timestamp(3) with time zone'))).toBe('postgresql.TIMESTAMP(timezone=True, precision=3)');
    expect(pyType(reflectPostgresType('character varying(20)'))).toBe('VARCHAR(20)');
    expect(pyType(reflectPostgresType('integer[]'))).toBe('postgresql.ARRAY(INTEGER())');
    expect(pyType(reflectPostgresType('double precision'))).toBe('DOUBLE_PRECISION(53)');
    expect(pyType(reflectPostgresType('mood', { typeKind: 'enum', enumLabels: ['a', "it's"] }))).toBe(`postgresql.ENUM('a', "it's", name='mood')`);
    expect(pyType(reflectPostgresType('posint', { typeKind: 'domain', domainBase: 'integer' }))).toBe("postgresql.DOMAIN('posint', INTEGER())");
    expect(reflectPostgresType('xml').cls).toBe('NullType');
    // PostgreSQL 14+ multiranges are in SQLAlchemy 2.0's ischema_names.
    expect(pyType(reflectPostgresType('tstzmultirange'))).toBe('postgresql.TSTZMULTIRANGE()');
    expect(pyType(reflectPostgresType('int4multirange[]'))).toBe('postgresql.ARRAY(postgresql.INT4MULTIRANGE())');
  });
  it('MySQL COLUMN_TYPE', () => {
    expect(pyType(reflectMysqlType('int(10) unsigned'))).toBe('mysql.INTEGER(10, unsigned=True)');
    expect(pyType(reflectMysqlType("enum('a','it''s')"))).toBe(`mysql.ENUM('a', "it's")`);
    expect(pyType(reflectMysqlType('datetime(6)'))).toBe('mysql.DATETIME(fsp=6)');
    expect(pyType(reflectMysqlType('decimal(10,2)'))).toBe('mysql.DECIMAL(10, 2)');
    // MariaDB 10.7+ prints its native type as `uuid`; SQLAlchemy 2.0 reflects sqlalchemy.UUID.
    expect(pyType(reflectMysqlType('uuid'))).toBe('UUID()');
  });
});

describe("sqlacodegen's adaptation: generic only when the DDL stays the same", () => {
  const adapt = (t: SaType, d: 'postgresql' | 'mysql' | 'sqlite') => pyType(adaptToGeneric(t, d));
  it.each<[SaType, 'postgresql' | 'mysql' | 'sqlite', string]>([
    [{ cls: 'VARCHAR', length: 50 }, 'postgresql', 'String(50)'],
    [{ cls: 'pg.TIMESTAMP', timezone: true }, 'postgresql', 'DateTime(timezone=True)'],
    [{ cls: 'pg.TIMESTAMP', timezone: true, precision: 3 }, 'postgresql', 'postgresql.TIMESTAMP(timezone=True, precision=3)'],
    [{ cls: 'CHAR', length: 36 }, 'postgresql', 'CHAR(36)'],
    [{ cls: 'pg.JSONB' }, 'postgresql', 'postgresql.JSONB()'],
    [{ cls: 'pg.JSON' }, 'postgresql', 'JSON()'],
    [{ cls: 'UUID' }, 'postgresql', 'Uuid()'],
    [{ cls: 'pg.ENUM', enums: ['a'], name: 'e' }, 'postgresql', "Enum('a', name='e')"],
    [{ cls: 'pg.ARRAY', item: { cls: 'TEXT' } }, 'postgresql', 'ARRAY(Text())'],
    [{ cls: 'mysql.INTEGER', displayWidth: 11 }, 'mysql', 'mysql.INTEGER(11)'],
    [{ cls: 'mysql.INTEGER' }, 'mysql', 'Integer()'],
    [{ cls: 'mysql.DECIMAL', precision: 10, scale: 2 }, 'mysql', 'DECIMAL(10, 2)'],
    [{ cls: 'mysql.LONGTEXT' }, 'mysql', 'mysql.LONGTEXT()'],
    [{ cls: 'TIMESTAMP' }, 'sqlite', 'TIMESTAMP()'],
    [{ cls: 'REAL' }, 'sqlite', 'REAL()'],
    [{ cls: 'DATETIME' }, 'sqlite', 'DateTime()'],
  ])('%j on %s -> %s', (t: SaType, d: 'postgresql' | 'mysql' | 'sqlite', want: string) => {
    expect(adapt(t, d)).toBe(want);
  });
});

describe('CHECK constraints as the servers print them', () => {
  it('reads enum-like IN lists in SQLite, MariaDB and PostgreSQL spelling', () => {
    expect(parseEnumCheck("plan IN ('free', 'team', 'enterprise')")).toEqual({ column: 'plan', values: ['free', 'team', 'enterprise'] });
    expect(parseEnumCheck("`plan` in ('free','it''s')")).toEqual({ column: 'plan', values: ['free', "it's"] });
    expect(parseEnumCheck("CHECK (((plan)::text = ANY ((ARRAY['free'::character varying, 'team'::character varying])::text[])))")).toEqual({ column: 'plan', values: ['free', 'team'] });
    expect(parseEnumCheck('amount > 0')).toBeNull();
  });
  it("finds MariaDB's json_valid guard", () => {
    expect(parseJsonValidCheck('json_valid(`doc`)')).toBe('doc');
    expect(parseJsonValidCheck('json_valid(`doc`) and 1')).toBeNull();
  });
});
