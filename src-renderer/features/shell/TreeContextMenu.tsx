import { useEffect, useRef, type KeyboardEvent } from 'react';
import { groupParent } from '@shared/groups';
import { useStore } from '../../store';
import type { TreeRow } from './tree-model';

export interface MenuAt {
  row: TreeRow;
  x: number;
  y: number;
}

interface Item {
  label: string;
  testId: string;
  run(): void;
}

/** The sidebar's context menu: move a connection to a group, rename or dissolve a group. */
export function TreeContextMenu({ at, onClose }: { at: MenuAt; onClose(restoreFocus: boolean): void }) {
  const openGroupDialog = useStore((s) => s.openGroupDialog);
  const moveToGroup = useStore((s) => s.moveToGroup);
  const renameGroup = useStore((s) => s.renameGroup);
  const openEditor = useStore((s) => s.openEditor);
  const ref = useRef<HTMLUListElement>(null);
  const row = at.row;
  const items: Item[] =
    row.kind === 'connection'
      ? [
          { label: 'Move to group…', testId: 'menu-move-to-group', run: () => openGroupDialog({ mode: 'move', ids: [row.id], names: [row.connection.name], current: row.connection.group }) },
          ...(row.connection.group ? [{ label: 'Move to the top level', testId: 'menu-ungroup-connection', run: () => void moveToGroup([row.id], '') }] : []),
        ]
      : [
          { label: 'New connection in this group…', testId: 'menu-new-in-group', run: () => openEditor({ mode: 'create', initial: { group: row.path } }) },
          { label: 'Rename group…', testId: 'menu-rename-group', run: () => openGroupDialog({ mode: 'rename', path: row.path }) },
          {
            label: groupParent(row.path) ? `Move contents up to “${groupParent(row.path)}”` : 'Ungroup (move contents to the top level)',
            testId: 'menu-ungroup',
            run: () => void renameGroup(row.path, groupParent(row.path)),
          },
        ];

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: globalThis.MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      all[(i + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      all[e.key === 'Home' ? 0 : all.length - 1]?.focus();
    }
  };

  const left = Math.min(at.x, window.innerWidth - 260);
  const top = Math.min(at.y, window.innerHeight - 40 * items.length - 16);
  return (
    <ul role="menu" aria-label={row.kind === 'group' ? `Group ${row.label}` : `Connection ${row.label}`} className="tree-menu" style={{ left, top }} ref={ref} onKeyDown={onKeyDown} data-testid="tree-menu">
      {items.map((item) => (
        <li
          key={item.testId}
          role="menuitem"
          tabIndex={-1}
          data-testid={item.testId}
          onClick={() => {
            // Focus goes back to the row first, so a dialog the item opens returns it there when it closes.
            onClose(true);
            item.run();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onClose(true);
              item.run();
            }
          }}
        >
          {item.label}
        </li>
      ))}
    </ul>
  );
}
