import { useEffect } from 'react';
import { bridge } from '../../bridge';
import { useStore } from '../../store';
import { RERUN_MS } from '../../store/checks-slice';

/**
 * Headless: keeps the selected connection's checks fresh. Re-runs them every few minutes once they
 * ran in this session (never for connections that ask for a password), re-evaluates when the saved
 * settings change, and picks up runs finished elsewhere (another window, the command line).
 */
export function ChecksScheduler() {
  const selected = useStore((s) => s.selected);
  const run = useStore((s) => (s.selected ? s.checks[s.selected.id]?.run : undefined));

  useEffect(() => {
    const tick = setInterval(() => {
      const st = useStore.getState();
      const p = st.selected;
      if (!p || p.passwordMode === 'ask' || document.visibilityState === 'hidden') return;
      const e = st.checks[p.id];
      if (!e?.ranThisSession || e.busy) return;
      if (Date.now() - e.ranThisSession >= RERUN_MS) void st.runChecks(p.id);
    }, 10_000);
    return () => clearInterval(tick);
  }, []);

  // Settings saved after the last run (elsewhere, or by hand): judge them against the same facts.
  useEffect(() => {
    if (!selected || !run || run.connectionId !== selected.id) return;
    if (selected.updatedAt > run.ranAt) void useStore.getState().reevaluate(selected.id);
  }, [selected?.id, selected?.updatedAt, run?.ranAt]);

  useEffect(
    () =>
      bridge.on('checks.completed', ({ id, ranAt }) => {
        const st = useStore.getState();
        const e = st.checks[id];
        if (e && !e.busy && (!e.run || e.run.ranAt < ranAt)) void st.loadLastRun(id, { force: true });
      }),
    [],
  );
  return null;
}
