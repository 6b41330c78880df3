import { useStore } from '../../store';

/** Under the sidebar search: add a connection by hand, by import, or from what runs on this machine. */
export function SidebarActions() {
  const openEditor = useStore((s) => s.openEditor);
  const setImportOpen = useStore((s) => s.setImportOpen);
  const setDiscoverOpen = useStore((s) => s.setDiscoverOpen);
  return (
    <div className="cx-sidebar-actions">
      <button type="button" className="btn primary" onClick={() => openEditor({ mode: 'create' })} title="New connection (Ctrl+N, or Alt+N in a browser)" data-testid="new-connection">
        New
      </button>
      <button type="button" className="btn" onClick={() => setImportOpen(true)} title="Import from a URL or a .env file" aria-label="Import connections" data-testid="import-connections">
        Import
      </button>
      <button type="button" className="btn" onClick={() => setDiscoverOpen(true)} title="Find servers on this machine" aria-label="Find local servers" data-testid="discover-servers">
        Find local
      </button>
    </div>
  );
}
