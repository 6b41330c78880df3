import { useEffect } from 'react';
import { bridge } from '../../bridge';
import { useStore } from '../../store';
import { ConnectionForm } from './form/ConnectionForm';
import { ImportDialog } from './ImportDialog';
import { DiscoveryDialog } from './DiscoveryDialog';
import { ConfirmDelete } from './SmallDialogs';
import { GroupDialog } from '../shell/GroupDialog';
import './connections.css';

/** The feature's dialogs, mounted once at the app root, and the test progress subscription. */
export function ConnectionsOverlays() {
  const editor = useStore((s) => s.editor);
  const importOpen = useStore((s) => s.importOpen);
  const discoverOpen = useStore((s) => s.discoverOpen);
  useEffect(() => bridge.on('connections.testProgress', (p) => useStore.getState().applyTestProgress(p)), []);
  return (
    <>
      {editor ? <ConnectionForm key={`${editor.mode}-${editor.id ?? 'new'}`} target={editor} /> : null}
      {importOpen ? <ImportDialog /> : null}
      {discoverOpen ? <DiscoveryDialog /> : null}
      <ConfirmDelete />
      <GroupDialog />
    </>
  );
}
