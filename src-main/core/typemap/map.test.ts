import { describe, expect, it } from 'vitest';
import type { IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { mapSchema, mapTable } from './map';

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
});
