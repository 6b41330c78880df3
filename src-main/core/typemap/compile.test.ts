import { describe, expect, it } from 'vitest';
import { compileType, quotePgIdent } from './compile';
import type { SaType } from './satype';
import { mysqlCreates } from './storage';
import type { Target } from '../../shared/typemap-model';

const ddl = (t: SaType, target: Target) => {
  const r = compileType(t, target);
  return r.ok ? r.ddl : `error: ${r.error}`;
};
const all = (t: SaType) => [ddl(t, 'postgresql'), ddl(t, 'mysql'), ddl(t, 'sqlite')];

// The checked table in shared/reference/facts.md ("Type compilation, SQLAlchemy 2.0.52"), row by row.
describe('type compilation matches SQLAlchemy 2.0 (facts.md)', () => {
  it.each<[string, SaType, string[]]>([
    ['Boolean', { cls: 'Boolean' }, ['BOOLEAN', 'BOOL', 'BOOLEAN']],
    ['DateTime()', { cls: 'DateTime' }, ['TIMESTAMP WITHOUT TIME ZONE', 'DATETIME', 'DATETIME']],
    ['DateTime(timezone=True)', { cls: 'DateTime', timezone: true }, ['TIMESTAMP WITH TIME ZONE', 'DATETIME', 'DATETIME']],
    ['Date', { cls: 'Date' }, ['DATE', 'DATE', 'DATE']],
    ['Time', { cls: 'Time' }, ['TIME WITHOUT TIME ZONE', 'TIME', 'TIME']],
    ['Uuid', { cls: 'Uuid' }, ['UUID', 'CHAR(32)', 'CHAR(32)']],
    ['JSON', { cls: 'JSON' }, ['JSON', 'JSON', 'JSON']],
    ['Numeric(10,2)', { cls: 'Numeric', precision: 10, scale: 2 }, ['NUMERIC(10, 2)', 'NUMERIC(10, 2)', 'NUMERIC(10, 2)']],
    ['Float', { cls: 'Float' }, ['FLOAT', 'FLOAT', 'FLOAT']],
    ['Double', { cls: 'Double' }, ['DOUBLE PRECISION', 'DOUBLE', 'DOUBLE']],
    ['LargeBinary', { cls: 'LargeBinary' }, ['BYTEA', 'BLOB', 'BLOB']],
    ['Interval', { cls: 'Interval' }, ['INTERVAL', 'DATETIME', 'DATETIME']],
    ['String(50)', { cls: 'String', length: 50 }, ['VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)']],
    ['Unicode(50)', { cls: 'Unicode', length: 50 }, ['VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)']],
    ['Text', { cls: 'Text' }, ['TEXT', 'TEXT', 'TEXT']],
    ['Integer', { cls: 'Integer' }, ['INTEGER', 'INTEGER', 'INTEGER']],
    ['BigInteger', { cls: 'BigInteger' }, ['BIGINT', 'BIGINT', 'BIGINT']],
    ['SmallInteger', { cls: 'SmallInteger' }, ['SMALLINT', 'SMALLINT', 'SMALLINT']],
  ])('%s', (_name: string, type: SaType, expected: string[]) => {
    expect(all(type)).toEqual(expected);
  });

  it('Enum with a name: the named type, ENUM(...), VARCHAR of the longest value', () => {
    expect(all({ cls: 'Enum', enums: ['a', 'b'], name: 'e' })).toEqual(['e', "ENUM('a','b')", 'VARCHAR(1)']);
  });

  it('String() without length fails on MySQL with SQLAlchemy\'s own message', () => {
    expect(all({ cls: 'String' })).toEqual(['VARCHAR', 'error: VARCHAR requires a length on dialect mysql', 'VARCHAR']);
  });

  it('ARRAY(Integer) renders only on PostgreSQL', () => {
    const [pg, my, lite] = all({ cls: 'ARRAY', item: { cls: 'Integer' } });
    expect(pg).toBe('INTEGER[]');
    expect(my).toMatch(/^error: .*can't render element of type ARRAY/);
    expect(lite).toMatch(/^error: .*can't render element of type ARRAY/);
  });

  it('PostgreSQL-only types fail elsewhere; an unnamed native enum fails on PostgreSQL', () => {
    for (const cls of ['pg.JSONB', 'pg.TSVECTOR', 'pg.HSTORE', 'pg.INET', 'pg.INT4RANGE', 'pg.DATEMULTIRANGE', 'pg.TSTZMULTIRANGE']) {
      expect(ddl({ cls }, 'mysql')).toMatch(/UnsupportedCompilationError/);
      expect(ddl({ cls }, 'sqlite')).toMatch(/UnsupportedCompilationError/);
    }
    expect(ddl({ cls: 'Enum', enums: ['x'] }, 'postgresql')).toBe('error: PostgreSQL ENUM type requires a name.');
  });

  it('MySQL dialect types keep display width, unsigned and fsp; DATETIME is refused by PostgreSQL', () => {
    expect(ddl({ cls: 'mysql.INTEGER', displayWidth: 10, unsigned: true }, 'mysql')).toBe('INTEGER(10) UNSIGNED');
    expect(ddl({ cls: 'mysql.INTEGER', displayWidth: 10, unsigned: true }, 'postgresql')).toBe('INTEGER');
    expect(ddl({ cls: 'mysql.DATETIME', fsp: 6 }, 'mysql')).toBe('DATETIME(6)');
    expect(ddl({ cls: 'mysql.DATETIME', fsp: 6 }, 'postgresql')).toMatch(/^error: SQLAlchemy emits DATETIME here, which the server rejects/);
    expect(ddl({ cls: 'NullType' }, 'sqlite')).toMatch(/Can't generate DDL for NullType/);
  });
});

describe("PostgreSQL type names are quoted as SQLAlchemy 2.0.54's PGIdentifierPreparer quotes them", () => {
  // Captured from postgresql.dialect().identifier_preparer.quote(name); checked live in sqlalchemy-parity.integration.test.ts.
  it.each([
    ['mood', 'mood'], ['order', '"order"'], ['user', '"user"'], ['left', '"left"'], ['join', '"join"'], ['both', '"both"'],
    ['current_user', '"current_user"'], ['window', '"window"'], ['verbose', '"verbose"'], ['analyse', '"analyse"'],
    ['Mood', '"Mood"'], ['MOOD', '"MOOD"'], ['mood2', 'mood2'], ['2mood', '"2mood"'], ['$mood', '"$mood"'], ['mood$', 'mood$'],
    ['_mood', '_mood'], ['my mood', '"my mood"'], ['my-mood', '"my-mood"'], ['my"mood', '"my""mood"'], ['größe', '"größe"'],
    ['ſtatus', 'ſtatus'], ['ıd', 'ıd'], ['\u212aelvin', '"\u212aelvin"'], ['type', 'type'], ['status', 'status'], ['level', 'level'],
  ])('%s -> %s', (name: string, quoted: string) => {
    expect(ddl({ cls: 'Enum', enums: ['a'], name }, 'postgresql')).toBe(quoted);
    expect(quotePgIdent(name)).toBe(quoted);
  });
});

describe('column lengths MySQL/MariaDB refuse although SQLAlchemy emits them (checked on MariaDB 10.11, utf8mb4)', () => {
  it('VARCHAR over 16,383 characters: ERROR 1074 in strict mode, MEDIUMTEXT without it', () => {
    expect(ddl({ cls: 'String', length: 16383 }, 'mysql')).toBe('VARCHAR(16383)');
    const r = ddl({ cls: 'String', length: 20000 }, 'mysql');
    expect(r).toMatch(/^error: SQLAlchemy emits VARCHAR\(20000\) here, which the server rejects/);
    expect(r).toContain('(max = 16383); use BLOB or TEXT instead');
    expect(r).toContain('silently becomes MEDIUMTEXT');
    expect(ddl({ cls: 'String', length: 4194304 }, 'mysql')).toContain('silently becomes LONGTEXT');
    expect(ddl({ cls: 'String', length: 20000 }, 'postgresql')).toBe('VARCHAR(20000)');
  });
  it('NATIONAL VARCHAR is utf8mb3 (21,844); CHAR and BINARY 255; VARBINARY 65,532 bytes', () => {
    expect(ddl({ cls: 'NVARCHAR', length: 21844 }, 'mysql')).toBe('NATIONAL VARCHAR(21844)');
    expect(ddl({ cls: 'NVARCHAR', length: 21845 }, 'mysql')).toContain('(max = 21844)');
    expect(ddl({ cls: 'CHAR', length: 255 }, 'mysql')).toBe('CHAR(255)');
    expect(ddl({ cls: 'CHAR', length: 256 }, 'mysql')).toContain('(max = 255)');
    expect(ddl({ cls: 'VARBINARY', length: 65533 }, 'mysql')).toContain('(max = 65532)');
  });
});

describe('numbers and lengths past the servers\' own limits (checked on MariaDB 10.11 and PostgreSQL 15)', () => {
  it('DECIMAL: 65 digits on MySQL/MariaDB (ERROR 1426), 38 after the point on MariaDB (ERROR 1425); NUMERIC 1,000 digits on PostgreSQL', () => {
    expect(ddl({ cls: 'Numeric', precision: 65, scale: 30 }, 'mysql')).toBe('NUMERIC(65, 30)');
    expect(ddl({ cls: 'Numeric', precision: 66, scale: 2 }, 'mysql')).toContain('ERROR 1426 "Too big precision specified');
    expect(ddl({ cls: 'Numeric', precision: 60, scale: 39 }, 'mysql')).toContain('ERROR 1425 "Too big scale specified');
    expect(ddl({ cls: 'Numeric', precision: 1000, scale: 0 }, 'postgresql')).toBe('NUMERIC(1000, 0)');
    expect(ddl({ cls: 'Numeric', precision: 1001, scale: 2 }, 'postgresql')).toContain('NUMERIC precision 1001 must be between 1 and 1000');
  });
  it('VARCHAR and CHAR: 10,485,760 characters on PostgreSQL', () => {
    expect(ddl({ cls: 'String', length: 10485760 }, 'postgresql')).toBe('VARCHAR(10485760)');
    expect(ddl({ cls: 'String', length: 10485761 }, 'postgresql')).toContain('length for type varchar cannot exceed 10485760');
    expect(ddl({ cls: 'CHAR', length: 10485761 }, 'postgresql')).toContain('length for type char cannot exceed 10485760');
  });
});

describe('Text(n): SQLAlchemy emits TEXT(n); MySQL picks the type by characters, PostgreSQL refuses the length', () => {
  it('compiles as SQLAlchemy 2.0.54 does (MySQL keeps TEXT(0): it tests `length is not None`)', () => {
    expect(all({ cls: 'Text', length: 20000 })).toEqual(['error: SQLAlchemy emits TEXT(20000) here, which the server rejects: type modifier is not allowed for type "text".', 'TEXT(20000)', 'TEXT(20000)']);
    expect(all({ cls: 'Text', length: 0 })).toEqual(['TEXT', 'TEXT(0)', 'TEXT']);
    expect(all({ cls: 'LargeBinary', length: 70000 })).toEqual(['BYTEA', 'BLOB(70000)', 'BLOB']);
  });
  it.each([
    ['TEXT(20000)', 'MEDIUMTEXT'], ['TEXT(63)', 'TINYTEXT'], ['TEXT(64)', 'TEXT'], ['TEXT(255)', 'TEXT'], ['TEXT(16383)', 'TEXT'], ['TEXT(16384)', 'MEDIUMTEXT'],
    ['TEXT(4194304)', 'LONGTEXT'], ['TEXT(0)', 'TEXT'], ['BLOB(255)', 'TINYBLOB'], ['BLOB(256)', 'BLOB'], ['BLOB(70000)', 'MEDIUMBLOB'], ['TEXT', null], ['VARCHAR(20)', null],
  ])('MariaDB (utf8mb4) creates %s as %s', (ddl: string, created: string | null) => {
    expect(mysqlCreates(ddl)).toBe(created);
  });
});
