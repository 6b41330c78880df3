import { useEffect } from 'react';
import { bridge } from './bridge';
import { useStore } from './store';
import { Sidebar } from './features/shell/Sidebar';
import { MainArea } from './features/shell/MainArea';
import { Banners } from './features/shell/Banners';
import { ShortcutsDialog } from './features/shell/ShortcutsDialog';
import { useGlobalShortcuts } from './features/shell/shortcuts';
import { globalOverlays } from './features/registry';
import { Toasts } from './components/Toasts';

export function App() {
  useGlobalShortcuts();
  useEffect(() => {
    const s = useStore.getState();
    void s.loadInfo();
    void s.loadConnections().then(() => {
      const st = useStore.getState();
      if (!st.selectedId && st.connections.length > 0) void st.select(st.connections[0]!.id);
    });
    const offStatus = bridge.onStatus((status) => {
      const st = useStore.getState();
      const was = st.bridgeStatus;
      st.setBridgeStatus(status);
      // After a reconnect, reload what may have changed while we were away.
      if (status === 'open' && was === 'closed') {
        void st.loadInfo();
        void st.loadConnections();
        void st.refreshSelected();
      }
    });
    const offChanged = bridge.on('connections.changed', () => {
      const st = useStore.getState();
      void st.loadConnections();
      void st.refreshSelected();
    });
    return () => {
      offStatus();
      offChanged();
    };
  }, []);

  return (
    <div className="app" data-testid="app">
      <Sidebar />
      <div className="main" style={{ minHeight: 0 }}>
        <Banners />
        <MainArea />
      </div>
      <ShortcutsDialog />
      {globalOverlays.map((Overlay, i) => (
        <Overlay key={i} />
      ))}
      <Toasts />
    </div>
  );
}
