import { useState } from 'react';
import { BackupDialog } from './BackupDialog';

/** Sidebar button for back-up and restore of all connections. */
export function BackupAction() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn small" onClick={() => setOpen(true)} data-testid="backup-open" title="Export all connections to a file, or restore them">
        Backup
      </button>
      {open ? <BackupDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
