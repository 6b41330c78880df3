import { useEffect } from 'react';
import { useStore } from '../../store';
import { SECTIONS } from '../registry';
import { connectionShortcuts } from '../connections/shortcuts';
import { typingInField } from '../../components/typing';
import { visibleRows } from './tree-model';

export interface ExtraShortcut {
  keys: string;
  description: string;
  /** Return true when handled. */
  match(e: KeyboardEvent): boolean;
  run(): void;
}

/** Shortcuts that features add (for example Ctrl+N for a new connection). */
export const extraShortcuts: ExtraShortcut[] = [...connectionShortcuts];

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('[role="dialog"]')) return;
      const mod = e.ctrlKey || e.metaKey;
      const s = useStore.getState();
      if (mod && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        document.getElementById('connection-search')?.focus();
        return;
      }
      // Only in the desktop app: a browser keeps Ctrl+1…9 for its own tabs.
      if (mod && /^[1-9]$/.test(e.key) && s.info?.mode === 'electron') {
        const section = SECTIONS[Number(e.key) - 1];
        if (section && s.selectedId) {
          e.preventDefault();
          s.setSection(section.id);
        }
        return;
      }
      if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        // In the order the sidebar shows them (groups first), skipping closed folders.
        const list = visibleRows(s.connections, new Set(s.collapsedGroups), s.search).flatMap((r) => (r.kind === 'connection' ? [r.connection] : []));
        if (list.length === 0) return;
        e.preventDefault();
        const i = list.findIndex((c) => c.id === s.selectedId);
        const next = e.key === 'ArrowDown' ? Math.min(list.length - 1, i + 1) : Math.max(0, i === -1 ? 0 : i - 1);
        void s.select(list[next]!.id);
        return;
      }
      for (const x of extraShortcuts) {
        if (x.match(e)) {
          e.preventDefault();
          x.run();
          return;
        }
      }
      if (e.key === '?' && !typingInField(e)) {
        e.preventDefault();
        s.setShortcutsOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
