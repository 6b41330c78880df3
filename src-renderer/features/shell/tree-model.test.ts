import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '@shared/profile';
import { allGroups, treeKey, typeAhead, visibleRows } from './tree-model';

const conn = (id: string, name: string, group = '', extra: Partial<ConnectionSummary> = {}): ConnectionSummary => ({
  id,
  name,
  backend: 'postgresql',
  environment: 'local',
  tags: [],
  group,
  target: `db-${id}:5432/app`,
  builtin: false,
  ...extra,
});

const list = [conn('1', 'Demo'), conn('2', 'Orders EU', 'Production/EU'), conn('3', 'Orders US', 'Production'), conn('4', 'Billing', 'Production/EU'), conn('5', 'Scratch', 'dev')];
const labels = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => `${'  '.repeat(r.level - 1)}${r.kind === 'group' ? `[${r.label}]` : r.label}`);

describe('sidebar tree', () => {
  it('puts folders first (by name), then connections in saved order, nested by path', () => {
    expect(labels(visibleRows(list, new Set()))).toEqual(['[dev]', '  Scratch', '[Production]', '  [EU]', '    Orders EU', '    Billing', '  Orders US', 'Demo']);
    const rows = visibleRows(list, new Set());
    const eu = rows.find((r) => r.kind === 'group' && r.path === 'Production/EU')!;
    expect(eu).toMatchObject({ level: 2, parent: 'Production', count: 2, posinset: 1, setsize: 2, expanded: true });
    expect(rows.find((r) => r.kind === 'group' && r.path === 'Production')).toMatchObject({ count: 3, posinset: 2, setsize: 3 });
  });

  it('hides what is inside a closed folder', () => {
    expect(labels(visibleRows(list, new Set(['Production'])))).toEqual(['[dev]', '  Scratch', '[Production]', 'Demo']);
  });

  it('search shows matching connections inside their (opened) folders, and matches group names', () => {
    expect(labels(visibleRows(list, new Set(['Production', 'Production/EU']), 'billing'))).toEqual(['[Production]', '  [EU]', '    Billing']);
    expect(labels(visibleRows(list, new Set(), 'eu'))).toEqual(['[Production]', '  [EU]', '    Orders EU', '    Billing']);
    expect(visibleRows(list, new Set(), 'nothing-like-this')).toEqual([]);
  });

  it('moves with the arrow keys the way the ARIA tree pattern says', () => {
    const rows = visibleRows(list, new Set());
    const at = (label: string) => rows.findIndex((r) => r.label === label);
    expect(treeKey(rows, at('Scratch'), 'ArrowDown')).toEqual({ focus: at('Production') });
    expect(treeKey(rows, at('Production'), 'ArrowUp')).toEqual({ focus: at('Scratch') });
    expect(treeKey(rows, 0, 'End')).toEqual({ focus: rows.length - 1 });
    expect(treeKey(rows, rows.length - 1, 'Home')).toEqual({ focus: 0 });
    // Right on an open folder enters it; Left on a child goes to its folder; Left on an open folder closes it.
    expect(treeKey(rows, at('Production'), 'ArrowRight')).toEqual({ focus: at('EU') });
    expect(treeKey(rows, at('Billing'), 'ArrowLeft')).toEqual({ focus: at('EU') });
    expect(treeKey(rows, at('EU'), 'ArrowLeft')).toEqual({ toggle: 'Production/EU' });
    expect(treeKey(rows, at('Demo'), 'ArrowLeft')).toEqual({});
    expect(treeKey(rows, at('Demo'), 'ArrowRight')).toEqual({});
    const closed = visibleRows(list, new Set(['Production']));
    expect(treeKey(closed, closed.findIndex((r) => r.label === 'Production'), 'ArrowRight')).toEqual({ toggle: 'Production' });
    expect(treeKey(rows, rows.length - 1, 'ArrowDown')).toEqual({ focus: rows.length - 1 });
  });

  it('type-ahead finds the next label starting with the typed letters, wrapping around', () => {
    const rows = visibleRows(list, new Set());
    const at = (label: string) => rows.findIndex((r) => r.label === label);
    expect(typeAhead(rows, at('Scratch'), 'o')).toBe(at('Orders EU'));
    expect(typeAhead(rows, at('Orders EU'), 'o')).toBe(at('Orders US'));
    expect(typeAhead(rows, at('Demo'), 's')).toBe(at('Scratch'));
    expect(typeAhead(rows, 0, 'zz')).toBeNull();
  });

  it('lists every group and its ancestors for the pickers', () => {
    expect(allGroups(list)).toEqual(['dev', 'Production', 'Production/EU']);
  });
});
