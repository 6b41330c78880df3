import { useState } from 'react';
import { lazyNamed, LazyPart } from '../../components/lazy';

const BackupDialog = lazyNamed(() => import('./BackupDialog').then((m) => m.BackupDialog));

/** Sidebar button for back-up and restore of all connections. */
export function BackupAction() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn small" onClick={() => setOpen(true)} data-testid="backup-open" title="Export all connections to a file, or restore them">
        Backup
      </button>
      {open ? (
        <LazyPart what="back-up and restore" overlay>
          <BackupDialog onClose={() => setOpen(false)} />
        </LazyPart>
      ) : null}
    </>
  );
}
