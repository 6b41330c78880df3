import { BACKEND_INFO } from '@shared/backends';
import { groupAncestors, groupLeaf, groupParent, isInGroup } from '@shared/groups';
import type { ConnectionSummary } from '@shared/profile';

/**
 * The sidebar as a tree: groups (folders) and the connections inside them, flattened into the rows
 * that are visible, each with what ARIA's tree pattern needs (level, position among siblings,
 * expanded state, parent). Pure, so the keyboard moves can be tested without a browser.
 */

export type TreeRow =
  | { kind: 'group'; key: string; path: string; label: string; level: number; expanded: boolean; count: number; parent: string | null; posinset: number; setsize: number }
  | { kind: 'connection'; key: string; id: string; label: string; level: number; connection: ConnectionSummary; parent: string | null; posinset: number; setsize: number };

export function matchesSearch(c: ConnectionSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [c.name, c.target, c.environment, BACKEND_INFO[c.backend].label, c.group, ...c.tags].some((f) => f.toLowerCase().includes(q));
}

interface Folder {
  path: string;
  folders: Map<string, Folder>;
  connections: ConnectionSummary[];
  /** Connections here and below. */
  count: number;
}

function buildFolders(connections: ConnectionSummary[]): Folder {
  const root: Folder = { path: '', folders: new Map(), connections: [], count: 0 };
  for (const c of connections) {
    let node = root;
    node.count++;
    for (const path of groupAncestors(c.group)) {
      let next = node.folders.get(path);
      if (!next) {
        next = { path, folders: new Map(), connections: [], count: 0 };
        node.folders.set(path, next);
      }
      next.count++;
      node = next;
    }
    node.connections.push(c);
  }
  return root;
}

/**
 * The visible rows: folders first (by name), then the folder's connections (in saved order).
 * While searching, only matching connections show, inside their folders, and every folder on the
 * way is open whatever its saved state.
 */
export function visibleRows(connections: ConnectionSummary[], collapsed: ReadonlySet<string>, query = ''): TreeRow[] {
  const searching = query.trim() !== '';
  const shown = searching ? connections.filter((c) => matchesSearch(c, query)) : connections;
  const rows: TreeRow[] = [];
  const walk = (folder: Folder, level: number, parent: string | null) => {
    const subfolders = [...folder.folders.values()].sort((a, b) => groupLeaf(a.path).localeCompare(groupLeaf(b.path), undefined, { sensitivity: 'base' }));
    const setsize = subfolders.length + folder.connections.length;
    let pos = 0;
    for (const f of subfolders) {
      const expanded = searching || !collapsed.has(f.path);
      rows.push({ kind: 'group', key: `g:${f.path}`, path: f.path, label: groupLeaf(f.path), level, expanded, count: f.count, parent, posinset: ++pos, setsize });
      if (expanded) walk(f, level + 1, f.path);
    }
    for (const c of folder.connections) {
      rows.push({ kind: 'connection', key: `c:${c.id}`, id: c.id, label: c.name, level, connection: c, parent, posinset: ++pos, setsize });
    }
  };
  walk(buildFolders(shown), 1, null);
  return rows;
}

/** Every group path in use (and their ancestors), sorted: for pickers. */
export function allGroups(connections: ConnectionSummary[]): string[] {
  const set = new Set<string>();
  for (const c of connections) for (const g of groupAncestors(c.group)) set.add(g);
  return [...set].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}

export type TreeKey = 'ArrowDown' | 'ArrowUp' | 'ArrowRight' | 'ArrowLeft' | 'Home' | 'End';

/** What a key does on the row at `index`: move focus to another row, or open/close a group. */
export function treeKey(rows: TreeRow[], index: number, key: TreeKey): { focus?: number; toggle?: string } {
  const row = rows[index];
  if (!row) return rows.length ? { focus: 0 } : {};
  switch (key) {
    case 'ArrowDown':
      return { focus: Math.min(rows.length - 1, index + 1) };
    case 'ArrowUp':
      return { focus: Math.max(0, index - 1) };
    case 'Home':
      return { focus: 0 };
    case 'End':
      return { focus: rows.length - 1 };
    case 'ArrowRight':
      if (row.kind === 'group') {
        if (!row.expanded) return { toggle: row.path };
        const child = rows[index + 1];
        return child && child.parent === row.path ? { focus: index + 1 } : {};
      }
      return {};
    case 'ArrowLeft':
      if (row.kind === 'group' && row.expanded) return { toggle: row.path };
      if (row.parent !== null) return { focus: rows.findIndex((r) => r.kind === 'group' && r.path === row.parent) };
      return {};
    default:
      return {};
  }
}

/** Type-ahead: the next row (after `from`, wrapping) whose label starts with `prefix`. */
export function typeAhead(rows: TreeRow[], from: number, prefix: string): number | null {
  const p = prefix.toLowerCase();
  for (let step = 1; step <= rows.length; step++) {
    const i = (from + step) % rows.length;
    if (rows[i]!.label.toLowerCase().startsWith(p)) return i;
  }
  return null;
}

/** The groups to open so that a connection in `group` is visible. */
export function groupsToOpen(group: string, collapsed: ReadonlySet<string>): string[] {
  return groupAncestors(group).filter((g) => collapsed.has(g));
}

export { groupParent, isInGroup };
