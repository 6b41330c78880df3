import { describe, expect, it } from 'vitest';
import type { IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { buildReport } from '../../core/introspect/run';
import { compactTypesJson, expandTypesJson, narrowTypesJson, printTypesJson } from './types-json';

const table = (name: string, extra: Partial<IntrospectedTable> = {}): IntrospectedTable => ({
  schema: 'public',
  name,
  columns: [
    { name: 'id', ordinal: 1, nativeType: 'bigint', nullable: false, default: null, autoincrement: true },
    { name: 'doc', ordinal: 2, nativeType: 'jsonb', nullable: true, default: null, autoincrement: false },
    { name: 'note', ordinal: 3, nativeType: 'character varying', nullable: true, default: null, autoincrement: false },
    { name: 'status', ordinal: 4, nativeType: 'character varying(10)', nullable: true, default: "'new'::character varying", autoincrement: false },
    { name: 'total', ordinal: 5, nativeType: 'integer', nullable: true, default: null, autoincrement: false, computed: 'qty * 2', computedKind: 'stored' },
  ],
  primaryKey: ['id'],
  foreignKeys: [],
  indexes: [],
  uniques: [],
  checks: [{ name: `${name}_status_check`, sql: "CHECK (((status)::text = ANY ((ARRAY['new'::character varying, 'done'::character varying])::text[])))" }],
  ...extra,
});
// 40 tables of the same five columns, one of them without a primary key (a table-scope issue on no target, but other verdicts).
const schema: IntrospectedSchema = {
  backend: 'postgresql',
  family: 'postgresql',
  serverVersion: 'PostgreSQL 15',
  schema: 'public',
  tables: Array.from({ length: 40 }, (_, i) => table(`t${i}`, i === 3 ? { primaryKey: [] } : {})),
};

describe('poolscope types --json writes each distinct column type once', () => {
  const report = buildReport(schema, 'unit', 0);
  const json = compactTypesJson(report);

  it('names a type entry per column and expands back to the full report', () => {
    expect(report.columns).toHaveLength(200);
    // The shared types (bigint key, jsonb, varchar) once each; the generated column and the CHECK enum carry per-column text.
    expect(json.types.length).toBeLessThan(report.columns.length / 2);
    expect(json.columns[1]).toEqual({ table: 't0', column: 'doc', ordinal: 2, nullable: true, default: null, autoincrement: false, primaryKey: false, type: json.columns[6]!.type });
    expect(json.types[json.columns[1]!.type]!.nativeType).toBe('jsonb');
    const shortIssues = json.summary.issues.filter((i) => 'type' in i);
    expect(shortIssues.length).toBeGreaterThan(0);
    for (const i of shortIssues) expect(i).not.toHaveProperty('detail');
    const { id: _a, timings: _b, ...expected } = report;
    const { id: _c, timings: _d, ...back } = expandTypesJson(JSON.parse(JSON.stringify(json)));
    expect(back).toEqual(expected);
  });

  it('prints one line per column and per issue, and parses to the same object', () => {
    const text = printTypesJson(json);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(json)));
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('    {"table":')).length).toBe(report.columns.length);
    expect(lines.filter((l) => l.startsWith('      {"table":')).length).toBe(report.summary.issues.length);
    // Far smaller than the report written out per column.
    expect(text.length).toBeLessThan(JSON.stringify(report, null, 2).length / 3);
    expect(JSON.parse(printTypesJson({ ...json, columns: [], summary: { ...json.summary, issues: [] } })).columns).toEqual([]);
  });

  it('--target keeps one target in the types, the issues and the summaries', () => {
    const narrow = narrowTypesJson(json, 'sqlite');
    for (const t of narrow.types) {
      expect(Object.keys(t.ddl)).toEqual(['sqlite']);
      expect(Object.keys(t.verdicts)).toEqual(['sqlite']);
    }
    expect(Object.keys(narrow.summary.targets)).toEqual(['sqlite']);
    expect(narrow.summary.issues.every((i) => i.target === 'sqlite')).toBe(true);
    expect(narrow.summary.issues.length).toBe(report.summary.issues.filter((i) => i.target === 'sqlite').length);
    expect(Object.keys(narrow.tableSummaries[0]!.targets)).toEqual(['sqlite']);
  });
});
