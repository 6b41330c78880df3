import { useEffect } from 'react';
import { bridge } from '../../bridge';
import { useStore } from '../../store';
import { lazyNamed, LazyPart } from '../../components/lazy';
import { ConfirmDelete } from './SmallDialogs';
import { GroupDialog } from '../shell/GroupDialog';
import './connections.css';

// The big dialogs are separate chunks, fetched the first time one opens.
const ConnectionForm = lazyNamed(() => import('./form/ConnectionForm').then((m) => m.ConnectionForm));
const ImportDialog = lazyNamed(() => import('./ImportDialog').then((m) => m.ImportDialog));
const DiscoveryDialog = lazyNamed(() => import('./DiscoveryDialog').then((m) => m.DiscoveryDialog));

/** The feature's dialogs, mounted once at the app root, and the test progress subscription. */
export function ConnectionsOverlays() {
  const editor = useStore((s) => s.editor);
  const importOpen = useStore((s) => s.importOpen);
  const discoverOpen = useStore((s) => s.discoverOpen);
  useEffect(() => bridge.on('connections.testProgress', (p) => useStore.getState().applyTestProgress(p)), []);
  return (
    <>
      {editor ? (
        <LazyPart what="the connection form" overlay>
          <ConnectionForm key={`${editor.mode}-${editor.id ?? 'new'}`} target={editor} />
        </LazyPart>
      ) : null}
      {importOpen ? (
        <LazyPart what="the import dialog" overlay>
          <ImportDialog />
        </LazyPart>
      ) : null}
      {discoverOpen ? (
        <LazyPart what="local server discovery" overlay>
          <DiscoveryDialog />
        </LazyPart>
      ) : null}
      <ConfirmDelete />
      <GroupDialog />
    </>
  );
}
