import { describe, expect, it } from 'vitest';
import { rowsByTable } from './types';

type Row = [table: string, ordinal: number, tag: string];
const group = (rows: Row[]) => [...rowsByTable(rows, (r) => r[0], (r) => r[1])].map(([t, g]) => [t, g.map((r) => `${r[1]}${r[2]}`)]);

describe('rowsByTable', () => {
  it('groups by table in first-seen order and keeps rows that arrive in order as they are', () => {
    const rows: Row[] = [['b', 1, ''], ['a', 1, ''], ['b', 2, ''], ['a', 2, ''], ['a', 3, '']];
    expect(group(rows)).toEqual([['b', ['1', '2']], ['a', ['1', '2', '3']]]);
  });

  it('puts a table whose rows arrive out of order in column order, stable for equal ordinals', () => {
    const rows: Row[] = [['a', 3, 'x'], ['b', 2, ''], ['a', 1, ''], ['a', 3, 'y'], ['b', 1, ''], ['a', 2, '']];
    expect(group(rows)).toEqual([['a', ['1', '2', '3x', '3y']], ['b', ['1', '2']]]);
  });
});
