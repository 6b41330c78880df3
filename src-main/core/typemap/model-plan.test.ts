import { describe, expect, it } from 'vitest';
import type { IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { planModels } from './model-plan';

function table(name: string, columns: Array<[string, string]>, extra: Partial<IntrospectedTable> = {}): IntrospectedTable {
  return {
    schema: 'public',
    name,
    columns: columns.map(([n, type], i) => ({ name: n, ordinal: i + 1, nativeType: type, nullable: true, default: null, autoincrement: false })),
    primaryKey: [columns[0]![0]],
    foreignKeys: [],
    indexes: [],
    uniques: [],
    checks: [],
    ...extra,
  };
}

// A foreign key column of another type than its key, a CHECK enum, and a name twice in one table.
const schema: IntrospectedSchema = {
  backend: 'postgresql',
  family: 'postgresql',
  serverVersion: 'PostgreSQL 15',
  schema: 'public',
  tables: [
    table('parent', [['id', 'bigint'], ['status', 'character varying(10)'], ['note', 'text'], ['note', 'integer']], {
      checks: [{ name: 'ck', sql: "CHECK (((status)::text = ANY ((ARRAY['new'::character varying, 'done'::character varying])::text[])))" }],
    }),
    table('child', [['id', 'integer'], ['parent_id', 'integer'], ['body', 'text']], {
      foreignKeys: [{ name: 'fk', columns: ['parent_id'], refSchema: null, refTable: 'parent', refColumns: ['id'] }],
    }),
  ],
};

describe('planModels typesOf', () => {
  for (const variant of ['portable', 'faithful'] as const)
    it(`gives each column the type typeOf gives it (${variant})`, () => {
      const plan = planModels(schema, schema.tables, variant);
      for (const t of schema.tables) expect(plan.typesOf(t)).toEqual(t.columns.map((c) => plan.typeOf(t, c.name)));
    });

  it('declares a foreign key column like its key, the CHECK enum with its constraint, and a repeated name like its first column', () => {
    const plan = planModels(schema, schema.tables, 'portable');
    const [parent, child] = schema.tables as [IntrospectedTable, IntrospectedTable];
    const [id, status, note, note2] = plan.typesOf(parent);
    expect(plan.typesOf(child)[1]).toEqual(id);
    expect(status).toMatchObject({ cls: 'Enum', createConstraint: true });
    expect(note2).toBe(note);
  });
});
