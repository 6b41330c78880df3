import type { ExtraShortcut } from '../shell/shortcuts';
import { useStore } from '../../store';

export const TEST_SHORTCUT = 'Alt+T';

function noDialogOpen(): boolean {
  return !document.querySelector('[role="dialog"]');
}

/**
 * Ctrl+N is the desktop convention for "new"; browsers keep Ctrl+N for a new window, so Alt+N
 * does the same in serve mode. Alt+T tests the selected connection (Ctrl+T is the browser's too).
 * Matched on the physical key, so Option+T on a Mac (which types †) works as well.
 */
export const connectionShortcuts: ExtraShortcut[] = [
  {
    keys: 'Ctrl+N / Alt+N',
    description: 'New connection',
    match: (e) => noDialogOpen() && e.code === 'KeyN' && !e.shiftKey && (e.ctrlKey || e.metaKey) !== e.altKey,
    run: () => useStore.getState().openEditor({ mode: 'create' }),
  },
  {
    keys: TEST_SHORTCUT,
    description: 'Test the selected connection',
    match: (e) => noDialogOpen() && e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === 'KeyT',
    run: () => {
      const s = useStore.getState();
      if (s.selectedId) {
        s.setSection('overview');
        s.startTest(s.selectedId);
      }
    },
  },
];
