import type { StateCreator } from 'zustand';
import { bridge, toApiError } from '../bridge';
import type { StoreState } from './index';

/** What the group dialog is doing: moving connections into a group, or renaming a group. */
export type GroupDialogTarget = { mode: 'move'; ids: string[]; names: string[]; current: string } | { mode: 'rename'; path: string };

export interface GroupsSlice {
  /** Group paths the user closed in the sidebar (kept across restarts in this browser profile). */
  collapsedGroups: string[];
  groupDialog: GroupDialogTarget | null;
  setGroupOpen(path: string, open: boolean): void;
  openGroupDialog(target: GroupDialogTarget | null): void;
  moveToGroup(ids: string[], group: string): Promise<boolean>;
  renameGroup(from: string, to: string): Promise<boolean>;
}

const STORAGE_KEY = 'poolscope.collapsedGroups';

function loadCollapsed(): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, 500) : [];
  } catch {
    return [];
  }
}

function saveCollapsed(paths: string[]): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(paths));
  } catch {
    // Storage may be full or disabled: the tree still works, it only forgets what was closed.
  }
}

export const createGroupsSlice: StateCreator<StoreState, [], [], GroupsSlice> = (set, get) => ({
  collapsedGroups: loadCollapsed(),
  groupDialog: null,
  setGroupOpen(path, open) {
    const now = new Set(get().collapsedGroups);
    if (open) now.delete(path);
    else now.add(path);
    const next = [...now];
    set({ collapsedGroups: next });
    saveCollapsed(next);
  },
  openGroupDialog(target) {
    set({ groupDialog: target });
  },
  async moveToGroup(ids, group) {
    try {
      const r = await bridge.call('connections.setGroup', { ids, group });
      await get().loadConnections();
      get().toast('success', group ? `Moved ${ids.length === 1 ? 'the connection' : `${ids.length} connections`} to “${group}”.` : 'Moved to the top level.');
      // Show where it went: open the folders on the way.
      for (const g of group.split('/').map((_, i, a) => a.slice(0, i + 1).join('/'))) if (g) get().setGroupOpen(g, true);
      return r.updated >= 0;
    } catch (err) {
      const e = toApiError(err);
      get().toast('error', `${e.message} ${e.hint}`);
      return false;
    }
  },
  async renameGroup(from, to) {
    try {
      await bridge.call('connections.renameGroup', { from, to });
      const collapsed = get().collapsedGroups.map((g) => (g === from || g.startsWith(`${from}/`) ? (to ? to + g.slice(from.length) : '') : g)).filter(Boolean);
      set({ collapsedGroups: collapsed });
      saveCollapsed(collapsed);
      await get().loadConnections();
      get().toast('success', to ? `Renamed “${from}” to “${to}”.` : `Moved the contents of “${from}” to the top level.`);
      return true;
    } catch (err) {
      const e = toApiError(err);
      get().toast('error', `${e.message} ${e.hint}`);
      return false;
    }
  },
});
