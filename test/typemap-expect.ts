import { expect } from 'vitest';
import type { ColumnMapping, VerdictLevel } from '../src-main/shared/typemap-model';

export interface ColumnExpectation {
  native?: string;
  reflected: string;
  generic: string;
  /** PostgreSQL, MySQL, SQLite: the DDL, or `error: <substring>` for a compile error. */
  ddl: [string, string, string];
  verdicts: [VerdictLevel, VerdictLevel, VerdictLevel];
  /** Substrings each expected among the lost tags, per target. */
  lost?: [string[]?, string[]?, string[]?];
}

const TARGETS = ['postgresql', 'mysql', 'sqlite'] as const;

/** Asserts one column of a real report: reflected type, SQLAlchemy types, the three DDLs and the three verdicts. */
export function expectColumn(columns: ColumnMapping[], key: string, e: ColumnExpectation): void {
  const [table, column] = key.split('.') as [string, string];
  const c = columns.find((x) => x.table === table && x.column === column);
  expect(c, `column ${key} in the report`).toBeDefined();
  if (e.native !== undefined) expect(c!.nativeType, `${key} native type`).toBe(e.native);
  expect(c!.reflected, `${key} reflected`).toBe(e.reflected);
  expect(c!.generic, `${key} generic`).toBe(e.generic);
  TARGETS.forEach((t, i) => {
    const d = c!.ddl[t];
    const want = e.ddl[i]!;
    if (want.startsWith('error: ')) {
      expect(d.ok, `${key} DDL on ${t} should fail`).toBe(false);
      if (!d.ok) expect(d.error, `${key} DDL error on ${t}`).toContain(want.slice(7));
    } else expect(d.ok ? d.ddl : `error: ${d.error}`, `${key} DDL on ${t}`).toBe(want);
    expect(c!.verdicts[t].level, `${key} verdict on ${t}: ${c!.verdicts[t].detail}`).toBe(e.verdicts[i]);
    for (const tag of e.lost?.[i] ?? []) expect(c!.verdicts[t].lost, `${key} loss on ${t}`).toContain(tag);
  });
}
