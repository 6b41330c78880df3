import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useStore } from '../../store';
import { EnvBadge } from '../../components/Badges';
import { BACKEND_INFO } from '@shared/backends';
import { groupsToOpen, treeKey, typeAhead, visibleRows, type TreeKey, type TreeRow } from './tree-model';
import { TreeContextMenu, type MenuAt } from './TreeContextMenu';
import { TestStateIcon } from '../connections/LastTest';
import { testState } from '@shared/conn-test';
import './tree.css';

const TREE_KEYS = new Set<string>(['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft', 'Home', 'End']);

/**
 * The saved connections as an ARIA tree: groups are folders that open and close, connections are
 * leaves. One row is in the Tab order at a time (roving tabindex); the arrow keys, Home and End move
 * within the tree, Left and Right close and open folders, Enter opens a connection, typing a few
 * letters jumps to the next name that starts with them, Shift+F10 or the context-menu key (or a
 * right click) offers moving and renaming.
 */
export function ConnectionList() {
  const connections = useStore((s) => s.connections);
  const loaded = useStore((s) => s.connectionsLoaded);
  const error = useStore((s) => s.connectionsError);
  const selectedId = useStore((s) => s.selectedId);
  const select = useStore((s) => s.select);
  const search = useStore((s) => s.search);
  const collapsedList = useStore((s) => s.collapsedGroups);
  const setGroupOpen = useStore((s) => s.setGroupOpen);
  const collapsed = useMemo(() => new Set(collapsedList), [collapsedList]);
  const rows = useMemo(() => visibleRows(connections, collapsed, search), [connections, collapsed, search]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const refs = useRef(new Map<string, HTMLLIElement>());
  const typed = useRef({ text: '', at: 0 });
  const wantFocus = useRef(false);

  // A selected connection inside a closed folder (chosen with Alt+↓, say) opens the folders on its way.
  const selectedGroup = connections.find((c) => c.id === selectedId)?.group ?? '';
  useEffect(() => {
    for (const g of groupsToOpen(selectedGroup, collapsed)) setGroupOpen(g, true);
    // Only when the selection moves; closing a folder by hand afterwards is respected.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

  const current = rows.find((r) => r.key === focusKey) ?? rows.find((r) => r.kind === 'connection' && r.id === selectedId) ?? rows[0];
  useEffect(() => {
    if (!wantFocus.current || !current) return;
    wantFocus.current = false;
    refs.current.get(current.key)?.focus();
  }, [current]);

  if (!loaded) return <p className="muted" style={{ padding: 8 }}>Loading connections…</p>;
  if (error) return <p className="field-error" style={{ padding: 8 }} role="alert">{error.message}</p>;
  if (connections.length === 0) {
    return <p className="muted" style={{ padding: 8 }} data-testid="no-connections">No saved connections yet. Add one with “New connection”, or bring them in with “Import”.</p>;
  }
  if (rows.length === 0) return <p className="muted" style={{ padding: 8 }} data-testid="no-match">No connection matches “{search}”. Search looks at names, hosts, databases, groups and tags.</p>;

  const moveTo = (row: TreeRow | undefined) => {
    if (!row) return;
    wantFocus.current = true;
    setFocusKey(row.key);
  };

  const activate = (row: TreeRow) => {
    if (row.kind === 'group') setGroupOpen(row.path, !row.expanded);
    else void select(row.id);
  };

  const openMenu = (row: TreeRow, at: { x: number; y: number }) => {
    setFocusKey(row.key);
    setMenu({ row, x: at.x, y: at.y });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>, index: number) => {
    const row = rows[index]!;
    if (TREE_KEYS.has(e.key) && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const r = treeKey(rows, index, e.key as TreeKey);
      if (r.toggle) {
        wantFocus.current = true;
        setFocusKey(row.key);
        setGroupOpen(r.toggle, collapsed.has(r.toggle));
      }
      if (r.focus !== undefined && r.focus >= 0) moveTo(rows[r.focus]);
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(row);
      return;
    }
    if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      e.preventDefault();
      const rect = e.currentTarget.getBoundingClientRect();
      openMenu(row, { x: rect.left + 24, y: rect.bottom });
      return;
    }
    if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const now = Date.now();
      typed.current = { text: now - typed.current.at < 600 ? typed.current.text + e.key : e.key, at: now };
      const from = typed.current.text.length > 1 ? index - 1 : index;
      const hit = typeAhead(rows, (from + rows.length) % rows.length, typed.current.text);
      if (hit !== null) {
        e.preventDefault();
        moveTo(rows[hit]);
      }
    }
  };

  return (
    <>
      <ul role="tree" aria-label="Saved connections" data-testid="connection-list" className="conn-tree">
        {rows.map((row, index) => {
          const focusable = row.key === current?.key;
          const common = {
            ref: (el: HTMLLIElement | null) => {
              if (el) refs.current.set(row.key, el);
              else refs.current.delete(row.key);
            },
            role: 'treeitem',
            'aria-level': row.level,
            'aria-setsize': row.setsize,
            'aria-posinset': row.posinset,
            tabIndex: focusable ? 0 : -1,
            onKeyDown: (e: KeyboardEvent<HTMLLIElement>) => onKeyDown(e, index),
            onFocus: () => setFocusKey(row.key),
            onContextMenu: (e: MouseEvent<HTMLLIElement>) => {
              e.preventDefault();
              openMenu(row, { x: e.clientX, y: e.clientY });
            },
            style: { paddingLeft: 6 + (row.level - 1) * 16 },
          } as const;
          if (row.kind === 'group') {
            return (
              <li
                key={row.key}
                {...common}
                aria-expanded={row.expanded}
                aria-selected={false}
                aria-label={`${row.label}, group, ${row.count} connection${row.count === 1 ? '' : 's'}`}
                className="tree-group"
                data-testid="group-item"
                data-group={row.path}
                onClick={() => activate(row)}
              >
                <span className="tree-chevron" aria-hidden="true">
                  {row.expanded ? '▾' : '▸'}
                </span>
                <span className="tree-group-name">{row.label}</span>
                {/* Drawn by CSS from data-count: the name says the count in words, and a visible "3"
                    in the text would make the name not start with what is seen (label-content-name-mismatch). */}
                <span className="tree-count" aria-hidden="true" data-count={row.count} />
              </li>
            );
          }
          const c = row.connection;
          return (
            <li
              key={row.key}
              {...common}
              aria-selected={c.id === selectedId}
              aria-current={c.id === selectedId ? 'true' : undefined}
              className={`conn-item${c.environment === 'production' ? ' production' : ''}`}
              data-testid="connection-item"
              data-connection-name={c.name}
              onClick={() => activate(row)}
            >
              {c.color ? <span className="conn-dot" style={{ background: c.color }} aria-hidden="true" /> : null}
              <span className="conn-text">
                <span className="conn-name" style={{ display: 'block' }}>
                  {c.name}
                </span>
                <span className="conn-target" style={{ display: 'block' }}>
                  {BACKEND_INFO[c.backend].label} · {c.target}
                </span>
              </span>
              {/* After the name in the DOM (so the item's accessible name starts with it), first on screen. */}
              <TestStateIcon state={testState(c.lastTest)} />
              {c.environment !== 'local' ? <EnvBadge env={c.environment} /> : null}
            </li>
          );
        })}
      </ul>
      {menu ? (
        <TreeContextMenu
          at={menu}
          onClose={(restoreFocus) => {
            const key = menu.row.key;
            setMenu(null);
            if (restoreFocus) refs.current.get(key)?.focus();
          }}
        />
      ) : null}
    </>
  );
}
