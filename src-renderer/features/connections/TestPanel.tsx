import type { SectionProps } from '../registry';
import { useStore } from '../../store';
import { StageList, TestOutcome } from './TestResult';
import { TEST_SHORTCUT } from './shortcuts';

/** The staged connection test, at the top of the Overview: live stages, then what the server is. */
export function TestPanel({ profile }: SectionProps) {
  const run = useStore((s) => s.testRuns[profile.id]);
  const startTest = useStore((s) => s.startTest);
  const cancelTest = useStore((s) => s.cancelTest);
  const fixBackend = useStore((s) => s.fixBackend);
  return (
    <section className="card" aria-label="Connection test" data-testid="test-panel">
      <div className="card-title">
        <h2 className="grow">Connection test</h2>
        {run?.running ? (
          <button type="button" className="btn" onClick={() => void cancelTest(profile.id)} data-testid="test-cancel">
            Cancel
          </button>
        ) : (
          <button type="button" className="btn primary" onClick={() => startTest(profile.id)} title={`Test the connection (${TEST_SHORTCUT})`} data-testid="test-run">
            {run ? 'Test again' : 'Test connection'}
          </button>
        )}
      </div>
      {run ? (
        <div className="stack" aria-live="polite" aria-busy={run.running}>
          <StageList run={run} backend={profile.backend} />
          <TestOutcome run={run} onRetry={() => startTest(profile.id)} onFixBackend={profile.builtin ? undefined : (backend) => void fixBackend(profile.id, backend)} />
        </div>
      ) : (
        <p className="muted" data-testid="test-empty">
          Not tested yet. Run a test to see each stage (resolve, TCP, TLS, login, first query) with its time, the exact server version, how it authenticates, whether TLS is in use, the round-trip time and whether a pooler answers. Shortcut: <kbd>{TEST_SHORTCUT}</kbd>.
        </p>
      )}
    </section>
  );
}
