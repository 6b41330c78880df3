import { describe, expect, it } from 'vitest';
import type { BlockerRef, IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { mapSchema } from './map';
import { modelBlockers } from './models';
import { summarize } from './summary';

const table = (name: string, cols: Array<[string, string]>): IntrospectedTable => ({
  schema: 'public',
  name,
  columns: cols.map(([n, t], i) => ({ name: n, ordinal: i + 1, nativeType: t, nullable: true, default: null, autoincrement: false })),
  primaryKey: [cols[0]![0]],
  foreignKeys: [],
  indexes: [],
  uniques: [],
  checks: [],
});
const schema: IntrospectedSchema = { backend: 'postgresql', family: 'postgresql', serverVersion: 'PostgreSQL 15', schema: 'public', tables: [table('a', [['id', 'integer'], ['n', 'text']]), table('b', [['id', 'integer'], ['p', 'point']])] };

describe('summarize with model blockers', () => {
  it('a table the models cannot create on a target does not "run" there, counted once', () => {
    const blocker: BlockerRef = { table: 'a', column: '', scope: 'table', target: 'sqlite', level: 'unsupported', lost: ['model'], detail: 'x' };
    const { tables, schema: s } = summarize(mapSchema(schema), [blocker, { ...blocker, table: 'b' }]);
    expect(tables.find((t) => t.table === 'a')!.targets.sqlite).toMatchObject({ runs: false, tableBlockers: 1 });
    // b is already blocked by its point column: the model blocker adds nothing.
    expect(tables.find((t) => t.table === 'b')!.targets.sqlite.tableBlockers).toBe(0);
    expect(s.targets.sqlite).toMatchObject({ runs: false, tableBlockers: 1 });
    expect(s.issues.filter((i) => i.scope === 'table')).toEqual([blocker]);
    expect(s.targets.postgresql.runs).toBe(false);
  });

  it('modelBlockers names the tables whose model types cannot be created, per target (a point column: all but its own backend)', () => {
    const b = modelBlockers(schema);
    expect(b.map((x) => `${x.table} ${x.target}`).sort()).toEqual(['b mysql', 'b sqlite']);
  });
});
