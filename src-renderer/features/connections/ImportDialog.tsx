import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { UrlImport } from './UrlImport';
import { EnvImport } from './EnvImport';

export function ImportDialog() {
  const setOpen = useStore((s) => s.setImportOpen);
  const [tab, setTab] = useState<'url' | 'env'>('url');
  const close = () => setOpen(false);
  return (
    <Dialog title="Import connections" onClose={close} testId="import-dialog">
      <div className="cx-tabs" role="tablist" aria-label="Import from">
        <button type="button" role="tab" aria-selected={tab === 'url'} onClick={() => setTab('url')} data-testid="import-tab-url">
          URL
        </button>
        <button type="button" role="tab" aria-selected={tab === 'env'} onClick={() => setTab('env')} data-testid="import-tab-env">
          .env file
        </button>
      </div>
      <div role="tabpanel" aria-label={tab === 'url' ? 'URL' : '.env file'}>
        {tab === 'url' ? <UrlImport onDone={close} /> : <EnvImport onDone={close} />}
      </div>
    </Dialog>
  );
}
