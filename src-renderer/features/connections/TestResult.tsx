import { initialStages, NETWORK_STAGES, SQLITE_STAGES, type StageResult, type StageStatus } from '@shared/conn-test';
import type { Backend } from '@shared/backends';
import { ErrorCallout, Callout } from '../../components/Feedback';
import type { TestRun } from './slice';
import { TrustHostKey } from './TrustHostKey';

const ICONS: Record<StageStatus, string> = { pending: '·', running: '…', ok: '✓', warn: '!', failed: '✗', skipped: '–', cancelled: '⊘' };
const STATUS_WORDS: Record<StageStatus, string> = { pending: 'waiting', running: 'running', ok: 'passed', warn: 'passed with a warning', failed: 'failed', skipped: 'skipped', cancelled: 'cancelled' };

function ms(value: number | undefined): string {
  if (value === undefined) return '';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** The stage list as it fills in: every stage is shown from the start, so a person sees what is left. */
export function StageList({ run, backend }: { run: TestRun; backend: Backend }) {
  // Through SSH the test starts with its own SSH stage, reported first as soon as it runs.
  const viaSsh = run.stages.some((x) => x.id === 'ssh');
  const base = initialStages(backend === 'sqlite' ? SQLITE_STAGES : viaSsh ? ['ssh', ...NETWORK_STAGES] : NETWORK_STAGES);
  const stages: StageResult[] = base.map((s) => run.stages.find((x) => x.id === s.id) ?? s);
  return (
    <ol className="cx-stages" aria-label="Test stages" data-testid="test-stages">
      {stages.map((s) => (
        <li key={s.id} className="cx-stage" data-status={s.status} data-testid={`stage-${s.id}`} aria-label={`${s.label}: ${STATUS_WORDS[s.status]}${s.detail ? `, ${s.detail}` : ''}`}>
          <span className="cx-stage-icon" aria-hidden="true">
            {s.status === 'running' ? <span className="spinner" /> : ICONS[s.status]}
          </span>
          <span className="cx-stage-label">{s.label}</span>
          <span className="cx-stage-detail">{s.detail ?? (s.status === 'skipped' ? 'not reached' : '')}</span>
          <span className="cx-stage-ms">{ms(s.ms)}</span>
        </li>
      ))}
    </ol>
  );
}

function Fact({ label, value, detail, tone, testId }: { label: string; value: string; detail?: string; tone?: 'pooler'; testId?: string }) {
  return (
    <div className={`cx-fact${tone ? ` ${tone}` : ''}`} data-testid={testId}>
      <span className="cx-fact-label">{label}</span>
      <span className="cx-fact-value">{value}</span>
      {detail ? <span className="cx-fact-detail">{detail}</span> : null}
    </div>
  );
}

/** What the finished test learned, or why it failed and what to do. */
export function TestOutcome({ run, onRetry, onFixBackend }: { run: TestRun; onRetry?: () => void; onFixBackend?: (backend: Backend) => void }) {
  if (run.error) return <ErrorCallout error={run.error} title="The test could not start" testId="test-error" />;
  const r = run.report;
  if (!r) return null;
  const f = r.facts;
  return (
    <div className="stack" style={{ gap: 10 }}>
      {r.failure && r.failure.kind !== 'cancelled' ? (
        <div className="callout error" role="alert" data-testid="test-failure" data-kind={r.failure.kind}>
          <div className="stack" style={{ gap: 4 }}>
            <div className="callout-title">
              {r.failure.title}
              {r.failure.code && !r.failure.message.includes(r.failure.code) ? <span className="faint mono"> ({r.failure.code})</span> : null}
            </div>
            <div>{r.failure.message}</div>
            <div className="muted" data-testid="test-hint">
              {r.failure.hint}
            </div>
            {r.failure.ssh?.kind === 'host-key-unknown' && r.failure.ssh.hostKey ? <TrustHostKey hostKey={r.failure.ssh.hostKey} onTrusted={onRetry} /> : null}
          </div>
        </div>
      ) : null}
      {r.cancelled ? <Callout title="Cancelled" testId="test-cancelled">The test was cancelled; nothing was left open.</Callout> : null}
      {r.ok ? (
        <p className="row" data-testid="test-ok" style={{ color: 'var(--ok)', fontWeight: 650 }}>
          Connected in {r.totalMs} ms.
        </p>
      ) : null}
      {f ? (
        <div className="cx-facts" data-testid="test-facts">
          <Fact label="Server" value={`${f.product} ${f.version}`} detail={f.versionString} testId="fact-server" />
          {f.auth ? <Fact label="Authentication" value={f.auth.method} detail={f.auth.detail} testId="fact-auth" /> : null}
          <Fact label="TLS" value={f.tls.state} detail={f.tls.detail} testId="fact-tls" />
          {f.latency ? <Fact label="Round trip (median)" value={ms(f.latency.medianMs)} detail={`${f.latency.samplesMs.length} pings: ${f.latency.samplesMs.map((x) => x.toFixed(2)).join(', ')} ms`} testId="fact-latency" /> : null}
          {f.pooler ? (
            <Fact
              label="Pooler"
              value={f.pooler.detected ? `${f.pooler.product ?? 'a pooler'}${f.pooler.version ? ` ${f.pooler.version}` : ''}${f.pooler.poolMode ? `, ${f.pooler.poolMode} mode` : ''}` : 'none: PostgreSQL answers directly'}
              detail={f.pooler.evidence.join('; ')}
              {...(f.pooler.detected ? { tone: 'pooler' as const } : {})}
              testId="fact-pooler"
            />
          ) : null}
          {f.sessionId ? <Fact label="Session" value={f.sessionId} detail={[f.user, f.database].filter(Boolean).join(' · ')} /> : null}
        </div>
      ) : null}
      {r.backendFix ? (
        <div className="callout warn" role="note" data-testid="test-backend-fix">
          <div className="stack" style={{ gap: 6 }}>
            <div>{r.backendFix.summary}</div>
            {onFixBackend ? (
              <div>
                <button type="button" className="btn small primary" onClick={() => onFixBackend(r.backendFix!.backend)} data-testid="test-backend-fix-apply">
                  Set backend to {r.backendFix.backend === 'mariadb' ? 'MariaDB' : 'MySQL'}
                </button>
              </div>
            ) : (
              <div className="muted">Choose it under Backend above before saving.</div>
            )}
          </div>
        </div>
      ) : null}
      {r.warnings
        .filter((w) => !(r.backendFix && /set the backend to/i.test(w)))
        .map((w) => (
          <Callout key={w} tone="warn">
            {w}
          </Callout>
        ))}
    </div>
  );
}
