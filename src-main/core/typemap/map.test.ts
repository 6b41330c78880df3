import { describe, expect, it } from 'vitest';
import type { IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { mapColumns, mapSchema, mapTable, TypeCache } from './map';
import { fmt } from './losses';

const table = (name: string, cols: Array<[string, string]>, extra: Partial<IntrospectedTable> = {}): IntrospectedTable => ({
  schema: 'shop',
  name,
  columns: cols.map(([n, t], i) => ({ name: n, ordinal: i + 1, nativeType: t, nullable: true, default: null, autoincrement: false })),
  primaryKey: ['id'],
  foreignKeys: [],
  indexes: [],
  uniques: [],
  checks: [],
  ...extra,
});

describe('mapSchema shares work between columns of the same type without mixing them up', () => {
  const schema: IntrospectedSchema = {
    backend: 'mariadb',
    family: 'mysql',
    serverVersion: 'MariaDB 10.11',
    schema: 'shop',
    tables: [
      table('orders', [['id', 'int(11)'], ['state', "enum('a','b')"], ['note', 'varchar(10)'], ['doc', 'longtext']], { checks: [{ name: 'doc', sql: 'json_valid(`doc`)' }] }),
      table('items', [['id', 'int(11)'], ['state', "enum('a','b')"], ['note', 'varchar(10)'], ['doc', 'longtext']], { checks: [{ name: 'note', sql: "`note` in ('x','y')" }] }),
    ],
  };

  it('gives the same answers as mapping each table on its own', () => {
    expect(mapSchema(schema)).toEqual(schema.tables.flatMap((t) => mapTable('mysql', t)));
  });

  it('keeps per-table differences: CHECK enums, json_valid guards and enum names', () => {
    const cols = mapSchema(schema);
    const get = (t: string, c: string) => cols.find((x) => x.table === t && x.column === c)!;
    expect(get('orders', 'doc').generic).toBe('JSON()');
    expect(get('items', 'doc').generic).toBe('mysql.LONGTEXT()');
    expect(get('orders', 'note').generic).toBe('String(10)');
    expect(get('items', 'note').generic).toBe("Enum('x', 'y', native_enum=False, length=10)");
    expect(get('orders', 'state').portable).toBe("Enum('a', 'b', name='orders_state')");
    expect(get('items', 'state').portable).toBe("Enum('a', 'b', name='items_state')");
    expect(get('items', 'id').table).toBe('items');
  });

  it('shares a CHECK enum and a json_valid guard only between columns with the same CHECK', () => {
    const t = (name: string, check: string) => table(name, [['id', 'int(11)'], ['note', 'varchar(10)'], ['doc', 'longtext']], { checks: [{ name: `${name}_note`, sql: check }, { name: `${name}_doc`, sql: 'json_valid(`doc`)' }] });
    const many: IntrospectedSchema = { ...schema, tables: [t('a', "`note` in ('x','y')"), t('b', "`note` in ('x','y')"), t('c', "`note` in ('p','q')"), table('d', [['id', 'int(11)'], ['note', 'varchar(10)'], ['doc', 'longtext']])] };
    const shared = new TypeCache();
    const mapped = many.tables.map((x) => mapColumns('mysql', x, shared));
    const alone = many.tables.map((x) => mapColumns('mysql', x));
    expect(mapped).toEqual(alone);
    const note = (i: number) => mapped[i]!.find((c) => c.mapping.column === 'note')!;
    expect(note(1).mapping.generic).toBe("Enum('x', 'y', native_enum=False, length=10)");
    // The model keeps the CHECK of each table: the enum's CHECK travels with a cached answer.
    expect(note(1).enumCheck).toEqual({ values: ['x', 'y'], sql: "`note` in ('x','y')" });
    expect(note(2).mapping.generic).toBe("Enum('p', 'q', native_enum=False, length=10)");
    expect(note(3).mapping.generic).toBe('String(10)');
    expect(note(3).enumCheck).toBeUndefined();
    expect(mapped[1]!.find((c) => c.mapping.column === 'doc')!.mapping.generic).toBe('JSON()');
    expect(mapped[3]!.find((c) => c.mapping.column === 'doc')!.mapping.generic).toBe('mysql.LONGTEXT()');
  });
});

describe('auto-increment integer keys on SQLite', () => {
  const pgTable = (name: string, type: string, autoincrement: boolean, primaryKey = ['id']): IntrospectedTable => ({
    ...table(name, [['id', type], ['other', 'integer']], { primaryKey }),
    columns: [
      { name: 'id', ordinal: 1, nativeType: type, nullable: false, default: autoincrement ? `nextval('${name}_id_seq'::regclass)` : null, autoincrement },
      { name: 'other', ordinal: 2, nativeType: 'integer', nullable: false, default: null, autoincrement: false },
    ],
  });
  const id = (t: IntrospectedTable, family: 'postgresql' | 'mysql' = 'postgresql') => mapTable(family, t).find((c) => c.column === 'id')!;

  it('a BIGSERIAL key is lossy on SQLite (BIGINT is not the rowid alias) and the portable type gets an INTEGER variant', () => {
    const c = id(pgTable('a', 'bigint', true));
    expect(c.ddl.sqlite).toEqual({ ok: true, ddl: 'BIGINT' });
    expect(c.verdicts.sqlite).toMatchObject({ level: 'lossy', lost: ['autoincrement'] });
    expect(c.verdicts.sqlite.detail).toMatch(/exactly INTEGER PRIMARY KEY/);
    expect(c.verdicts.sqlite.fix).toMatch(/^BigInteger\(\)\.with_variant\(Integer\(\), "sqlite"\)/);
    expect(c.verdicts.postgresql.level).toBe('portable');
    expect(c.verdicts.mysql.level).toBe('portable');
    expect(c.portable).toBe('BigInteger().with_variant(Integer(), "sqlite")');
    expect(c.notes.join(' ')).toMatch(/auto-increment key/);
  });

  it('SMALLSERIAL likewise; SERIAL (INTEGER) is already the rowid alias', () => {
    expect(id(pgTable('b', 'smallint', true)).portable).toBe('SmallInteger().with_variant(Integer(), "sqlite")');
    const serial = id(pgTable('c', 'integer', true));
    expect(serial.verdicts.sqlite.level).toBe('portable');
    expect(serial.portable).toBe('Integer()');
  });

  it('only for auto-increment keys of one column: a plain BIGINT key, a composite key and a non-key column are left alone', () => {
    expect(id(pgTable('d', 'bigint', false)).portable).toBe('BigInteger()');
    expect(id(pgTable('e', 'bigint', true, ['id', 'other'])).portable).toBe('BigInteger()');
    expect(id(pgTable('f', 'bigint', true, ['other'])).verdicts.sqlite.level).toBe('portable');
  });

  it('the same column type maps differently as an auto-increment key and as a plain column in one schema', () => {
    const schema: IntrospectedSchema = { backend: 'postgresql', family: 'postgresql', serverVersion: 'PostgreSQL 15', schema: 'public', tables: [pgTable('g', 'bigint', false), pgTable('h', 'bigint', true)] };
    const cols = mapSchema(schema).filter((c) => c.column === 'id');
    expect(cols.map((c) => c.portable)).toEqual(['BigInteger()', 'BigInteger().with_variant(Integer(), "sqlite")']);
  });

  it('MySQL BIGINT UNSIGNED AUTO_INCREMENT: BigInteger, not Numeric(20, 0), which would not auto-increment', () => {
    const t: IntrospectedTable = { ...pgTable('u', 'bigint(20) unsigned', true), columns: [{ name: 'id', ordinal: 1, nativeType: 'bigint(20) unsigned', nullable: false, default: null, autoincrement: true }] };
    const c = id(t, 'mysql');
    expect(c.portable).toBe('BigInteger().with_variant(Integer(), "sqlite")');
    expect(c.verdicts.postgresql).toMatchObject({ level: 'lossy', lost: ['unsigned range'] });
    expect(c.verdicts.postgresql.fix).toMatch(/^BigInteger\(\): Numeric\(20, 0\) would hold every value but does not auto-increment/);
    expect(c.verdicts.sqlite.lost).toEqual(['unsigned range', 'autoincrement']);
  });

  it('64-bit bounds are printed exactly, not as the nearest double', () => {
    const t: IntrospectedTable = { ...pgTable('u', 'bigint(20) unsigned', false), columns: [{ name: 'id', ordinal: 1, nativeType: 'bigint(20) unsigned', nullable: false, default: null, autoincrement: false }] };
    const detail = id(t, 'mysql').verdicts.postgresql.detail;
    expect(detail).toContain('-9,223,372,036,854,775,808 to 9,223,372,036,854,775,807');
    expect(detail).toContain('up to 18,446,744,073,709,551,615 (unsigned)');
    expect(fmt(2 ** 31 - 1)).toBe('2,147,483,647');
  });
});

describe("MariaDB's native uuid", () => {
  it('maps to Uuid(): native on PostgreSQL, CHAR(32) on MySQL/MariaDB and SQLite; the portable model keeps it native on MariaDB', () => {
    const c = mapTable('mysql', table('t', [['id', 'int(11)'], ['u', 'uuid']])).find((x) => x.column === 'u')!;
    expect(c.reflected).toBe('UUID()');
    expect(c.generic).toBe('Uuid()');
    expect([c.ddl.postgresql, c.ddl.mysql, c.ddl.sqlite]).toEqual([{ ok: true, ddl: 'UUID' }, { ok: true, ddl: 'CHAR(32)' }, { ok: true, ddl: 'CHAR(32)' }]);
    expect([c.verdicts.postgresql.level, c.verdicts.mysql.level, c.verdicts.sqlite.level]).toEqual(['portable', 'lossy', 'lossy']);
    expect(c.verdicts.mysql.lost).toEqual(['UUID format']);
    expect(c.verdicts.mysql.fix).toMatch(/Uuid\(\)\.with_variant\(UUID\(\), "mariadb"\)/);
    expect(c.portable).toBe('Uuid().with_variant(UUID(), "mariadb")');
    expect(c.notes.join(' ')).toMatch(/MariaDB 10\.7\+ has a native uuid type/);
  });
});

describe('String(n) beyond what MySQL can create', () => {
  const col = (type: string) => mapTable('postgresql', table('t', [['id', 'integer'], ['v', type]])).find((c) => c.column === 'v')!;
  it('VARCHAR(20000) is unsupported on MySQL with the fix: VARCHAR elsewhere, TEXT(20000) (MEDIUMTEXT) on MySQL and MariaDB', () => {
    const c = col('character varying(20000)');
    expect([c.verdicts.postgresql.level, c.verdicts.mysql.level, c.verdicts.sqlite.level]).toEqual(['portable', 'unsupported', 'portable']);
    expect(c.verdicts.mysql.fix).toMatch(/^String\(20000\)\.with_variant\(Text\(20000\), "mysql", "mariadb"\): .*MEDIUMTEXT/);
    expect(c.portable).toBe('String(20000).with_variant(Text(20000), "mysql", "mariadb")');
    expect(col('character varying(16383)').verdicts.mysql.level).toBe('portable');
  });
  it('CHAR(300) becomes String(300)', () => {
    const c = col('character(300)');
    expect(c.verdicts.mysql.level).toBe('unsupported');
    expect(c.portable).toBe('String(300)');
  });
});

describe('Text(n) from SQLite on MySQL and PostgreSQL', () => {
  const col = (type: string) =>
    mapTable('sqlite', { ...table('t', [['id', 'INTEGER'], ['v', type]]), schema: 'main' }).find((c) => c.column === 'v')!;
  it('TEXT(100) is a TEXT of 65,535 bytes on MySQL (100 characters need 400 bytes), not a TINYTEXT', () => {
    const c = col('TEXT(100)');
    expect(c.ddl.mysql).toEqual({ ok: true, ddl: 'TEXT(100)' });
    expect(c.verdicts.mysql.detail).toBe(
      'MySQL TEXT(100), which the server creates as TEXT (the smallest type for 100 utf8mb4 characters, 4 bytes each at most), holds at most 65,535 bytes; longer values fail in strict mode.',
    );
  });
  it('TEXT(20000) becomes MEDIUMTEXT on MySQL; PostgreSQL refuses TEXT(n), fixed by Text()', () => {
    const c = col('TEXT(20000)');
    expect(c.verdicts.mysql.detail).toContain('which the server creates as MEDIUMTEXT');
    expect(c.verdicts.mysql.detail).toContain('16,777,215 bytes');
    expect(c.verdicts.postgresql.level).toBe('unsupported');
    expect(c.verdicts.postgresql.fix).toMatch(/^Text\(\): SQLAlchemy emits TEXT\(20000\)/);
    expect(c.portable).toBe('Text()');
  });
});

describe('past a server\'s own limits: unsupported there, with a fix', () => {
  const one = (family: 'sqlite' | 'postgresql', nativeType: string) =>
    mapTable(family, table('t', [['v', nativeType]], { primaryKey: [] })).find((c) => c.column === 'v')!;

  it('a 100-digit NUMERIC cannot be created on MySQL; the fix says what can', () => {
    const c = one('postgresql', 'numeric(100,10)');
    expect(c.verdicts.postgresql.level).toBe('portable');
    expect(c.verdicts.mysql).toMatchObject({ level: 'unsupported' });
    expect(c.verdicts.mysql.detail).toContain('ERROR 1426');
    expect(c.verdicts.mysql.fix).toContain('Numeric(65, 10)');
  });

  it('a declared VARCHAR(20000000) on SQLite is too long for PostgreSQL and MySQL: Text() everywhere', () => {
    const c = one('sqlite', 'VARCHAR(20000000)');
    expect(c.verdicts.postgresql.level).toBe('unsupported');
    expect(c.verdicts.postgresql.detail).toContain('length for type varchar cannot exceed 10485760');
    expect(c.verdicts.postgresql.fix).toMatch(/^Text\(\): PostgreSQL caps VARCHAR/);
    expect(c.portable).toBe('Text()');
  });
});
