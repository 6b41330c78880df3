import { describe, expect, it } from 'vitest';
import type { IntrospectedTable } from '../../shared/typemap-model';
import { mapTable } from './map';
import { mysqlColumnBytes, mysqlRowSize } from './mysql-row-size';
import { summarize } from './summary';

const cols = (n: number, ddl: string, nullable = false) => Array.from({ length: n }, () => ({ ddl, nullable }));

describe('mysqlColumnBytes: what a column takes, from the DDL SQLAlchemy emits on MySQL', () => {
  it('counts utf8mb4 characters as 4 bytes, with 1 or 2 length bytes, and keeps long values off the InnoDB record', () => {
    expect(mysqlColumnBytes('VARCHAR(63)')).toEqual({ server: 253, inline: 253 });
    expect(mysqlColumnBytes('VARCHAR(64)')).toEqual({ server: 258, inline: 21 });
    expect(mysqlColumnBytes('NATIONAL VARCHAR(100)')).toEqual({ server: 302, inline: 21 });
    expect(mysqlColumnBytes('CHAR(60)')).toEqual({ server: 240, inline: 241 });
    expect(mysqlColumnBytes('TEXT')).toEqual({ server: 10, inline: 21 });
    expect(mysqlColumnBytes('TEXT(20000)')).toEqual({ server: 11, inline: 21 });
    expect(mysqlColumnBytes('JSON')).toEqual({ server: 12, inline: 21 });
  });

  it('sizes numbers and dates as the server stores them', () => {
    expect(mysqlColumnBytes('BIGINT UNSIGNED')).toEqual({ server: 8, inline: 8 });
    expect(mysqlColumnBytes('NUMERIC(10, 2)')!.server).toBe(5);
    expect(mysqlColumnBytes('NUMERIC(30, 10)')!.server).toBe(14);
    expect(mysqlColumnBytes('DATETIME(6)')!.server).toBe(8);
    expect(mysqlColumnBytes('TIMESTAMP')!.server).toBe(4);
    expect(mysqlColumnBytes("ENUM('a','b')")!.server).toBe(1);
  });

  it('knows nothing of other DDL, so the table is not judged', () => {
    expect(mysqlColumnBytes('GEOMETRY')).toBeNull();
    expect(mysqlRowSize([{ ddl: 'GEOMETRY', nullable: true }], true)).toBeNull();
  });
});

describe('mysqlRowSize: the limits, at the boundaries measured on MariaDB 10.11', () => {
  it('65,535 bytes for the whole row, null bits included', () => {
    expect(mysqlRowSize(cols(1, 'VARCHAR(16383)', true), true)!.exceeds).toBeNull(); // 65,534 + 1
    expect(mysqlRowSize([{ ddl: 'VARCHAR(16383)', nullable: true }, { ddl: 'TINYINT', nullable: false }], true)!.exceeds).toBe('server');
    expect(mysqlRowSize([{ ddl: 'VARCHAR(16380)', nullable: false }, { ddl: 'TEXT', nullable: false }], true)!.exceeds).toBeNull();
    expect(mysqlRowSize([{ ddl: 'VARCHAR(16381)', nullable: false }, { ddl: 'TEXT', nullable: false }], true)!.exceeds).toBe('server');
  });

  it("InnoDB's record: 32 VARCHAR(63) fit in a table without a key, 33 do not; 385 TEXT plus 16 TINYINT fit, plus 17 do not", () => {
    expect(mysqlRowSize(cols(32, 'VARCHAR(63)'), false)!.exceeds).toBeNull();
    expect(mysqlRowSize(cols(33, 'VARCHAR(63)'), false)!.exceeds).toBe('innodb');
    expect(mysqlRowSize([...cols(385, 'TEXT'), ...cols(16, 'TINYINT')], false)!.exceeds).toBeNull();
    expect(mysqlRowSize([...cols(385, 'TEXT'), ...cols(17, 'TINYINT')], false)!.exceeds).toBe('innodb');
    expect(mysqlRowSize(cols(200, 'VARCHAR(80)', true), false)!.exceeds).toBeNull();
  });

  it('gives the same sizes with a shared cache of column bytes, which holds each distinct DDL once (unknown ones as null)', () => {
    const bytesOf = new Map<string, ReturnType<typeof mysqlColumnBytes>>();
    const a = [...cols(3, 'VARCHAR(63)'), ...cols(2, 'TEXT', true)];
    const b = [...cols(33, 'VARCHAR(63)'), { ddl: 'BIGINT', nullable: false }];
    expect(mysqlRowSize(a, true, bytesOf)).toEqual(mysqlRowSize(a, true));
    expect(mysqlRowSize(b, false, bytesOf)).toEqual(mysqlRowSize(b, false));
    expect(mysqlRowSize([{ ddl: 'GEOMETRY', nullable: true }], true, bytesOf)).toBeNull();
    expect([...bytesOf.keys()]).toEqual(['VARCHAR(63)', 'TEXT', 'BIGINT', 'GEOMETRY']);
    expect(bytesOf.get('GEOMETRY')).toBeNull();
  });
});

describe('the summary: a table MySQL refuses as a whole', () => {
  const wide: IntrospectedTable = {
    schema: 'public',
    name: 'documents',
    columns: [
      { name: 'id', ordinal: 1, nativeType: 'integer', nullable: false, default: null, autoincrement: true },
      ...[2, 3, 4, 5, 6].map((i) => ({ name: `part_${i}`, ordinal: i, nativeType: 'character varying(4000)', nullable: true, default: null, autoincrement: false })),
    ],
    primaryKey: ['id'],
    foreignKeys: [],
    indexes: [],
    uniques: [],
    checks: [],
  };

  it('every VARCHAR(4000) is fine on MySQL alone, five of them are not: the table is blocked with the reason and fix', () => {
    const columns = mapTable('postgresql', wide);
    expect(columns.every((c) => c.verdicts.mysql.level !== 'unsupported')).toBe(true);
    const { tables, schema } = summarize(columns);
    expect(tables[0]!.targets.mysql).toMatchObject({ runs: false, tableBlockers: 1, unsupported: 0 });
    expect(schema.targets.mysql).toMatchObject({ runs: false, tableBlockers: 1 });
    expect(schema.targets.sqlite.tableBlockers).toBe(0);
    const issue = schema.issues.find((i) => i.scope === 'table')!;
    expect(issue).toMatchObject({ table: 'documents', column: '', target: 'mysql', level: 'unsupported', lost: ['row size'] });
    expect(issue.detail).toContain('80,015 bytes');
    expect(issue.fix).toMatch(/Text\(\)/);
  });

  it('four of them fit, and nothing is said', () => {
    const columns = mapTable('postgresql', { ...wide, columns: wide.columns.slice(0, 5) });
    const { schema } = summarize(columns);
    expect(schema.targets.mysql.tableBlockers).toBe(0);
    expect(schema.issues.some((i) => i.scope === 'table')).toBe(false);
  });
});

describe('TEXT(n) and BLOB(n) count as the type the server creates for them', () => {
  it('TEXT(0) stays TEXT, TEXT(63) is TINYTEXT, BLOB(70000) is MEDIUMBLOB', () => {
    expect(mysqlColumnBytes('TEXT(0)')!.server).toBe(10);
    expect(mysqlColumnBytes('TEXT(63)')!.server).toBe(9);
    expect(mysqlColumnBytes('BLOB(255)')!.server).toBe(9);
    expect(mysqlColumnBytes('BLOB(70000)')!.server).toBe(11);
  });
});
