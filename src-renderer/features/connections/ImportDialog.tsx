import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { UrlImport } from './UrlImport';
import { EnvImport } from './EnvImport';
import { SourceImport } from './SourceImport';

const TABS = [
  { id: 'url', label: 'URL' },
  { id: 'env', label: '.env file' },
  { id: 'tools', label: 'Other tools' },
  { id: 'client', label: 'Client files' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function ImportDialog() {
  const setOpen = useStore((s) => s.setImportOpen);
  const [tab, setTab] = useState<TabId>('url');
  const close = () => setOpen(false);
  const label = TABS.find((t) => t.id === tab)!.label;
  return (
    <Dialog title="Import connections" onClose={close} testId="import-dialog" wide={tab === 'tools' || tab === 'client'}>
      <div className="cx-tabs" role="tablist" aria-label="Import from">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)} data-testid={`import-tab-${t.id}`}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={label}>
        {tab === 'url' ? <UrlImport onDone={close} /> : null}
        {tab === 'env' ? <EnvImport onDone={close} /> : null}
        {tab === 'tools' ? <SourceImport key="tools" kinds={['dbeaver', 'beekeeper', 'dbgate', 'pgadmin', 'datagrip']} onDone={close} /> : null}
        {tab === 'client' ? <SourceImport key="client" kinds={['pgpass', 'pgservice', 'mycnf']} onDone={close} /> : null}
      </div>
    </Dialog>
  );
}
