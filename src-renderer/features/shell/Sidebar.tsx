import { useStore } from '../../store';
import { ConnectionList } from './ConnectionList';
import { ThemeSwitcher } from './ThemeSwitcher';
import { sidebarActions, sidebarFooterActions } from '../registry';

export function Sidebar() {
  const search = useStore((s) => s.search);
  const setSearch = useStore((s) => s.setSearch);
  const info = useStore((s) => s.info);
  return (
    <nav className="sidebar" aria-label="Connections">
      <div className="sidebar-header">
        <div className="brand-mark" aria-hidden="true" />
        <div className="brand">Poolscope</div>
        <div className="spacer" />
        {info ? <span className="faint" style={{ fontSize: 12 }}>v{info.version}</span> : null}
      </div>
      <div className="sidebar-tools">
        <input
          id="connection-search"
          className="input search"
          type="search"
          placeholder="Search connections (Ctrl+K)"
          aria-label="Search connections"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="connection-search"
        />
      </div>
      {sidebarActions.length > 0 ? (
        <div className="sidebar-tools">
          {sidebarActions.map((Action, i) => (
            <Action key={i} />
          ))}
        </div>
      ) : null}
      <div className="sidebar-list">
        <ConnectionList />
      </div>
      <div className="sidebar-footer">
        <span title={info?.dataDir}>{info ? (info.mode === 'electron' ? 'Desktop' : 'Serve mode') : '…'}</span>
        <div className="spacer" />
        {sidebarFooterActions.map((Action, i) => (
          <Action key={i} />
        ))}
        <ThemeSwitcher />
      </div>
    </nav>
  );
}
