import { useState } from 'react';
import { SEVERITY_LABELS, type CheckChange, type CheckResult } from '@shared/checks';
import { CopyButton } from '../../components/CopyButton';
import { useStore } from '../../store';
import { describePatch, evidenceLabel, evidenceSource, evidenceValue } from './format';

const TONE = { fail: 'bad', warn: 'warn', info: 'info', pass: 'ok' } as const;

export function SeverityBadge({ severity }: { severity: CheckResult['severity'] }) {
  return (
    <span className={`badge ${TONE[severity]} sev-badge`} data-testid="check-severity" data-severity={severity}>
      {SEVERITY_LABELS[severity]}
    </span>
  );
}

/** One check: what was found, the values behind it, why it matters and the exact fix. */
export function CheckCard({ check, change, connectionId, busy }: { check: CheckResult; change?: CheckChange; connectionId: string; busy: boolean }) {
  const [open, setOpen] = useState(check.severity === 'fail' || check.severity === 'warn');
  const applyFix = useStore((s) => s.applyFix);
  const detailsId = `check-${check.id}-details`;
  const fix = check.fix;
  const code = [fix?.python, fix?.sql].filter(Boolean).join('\n\n');
  return (
    <article className={`card check-card sev-${check.severity}`} data-testid={`check-${check.id}`} data-severity={check.severity} aria-labelledby={`${detailsId}-title`}>
      <button type="button" className="check-head" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
        <SeverityBadge severity={check.severity} />
        <span className="check-title" id={`${detailsId}-title`}>
          {check.title}
        </span>
        {change ? (
          <span className="badge changed" data-testid="check-changed" title="Changed since the previous run">
            {change.from === null ? 'new' : `was ${change.from}`}
          </span>
        ) : null}
        <span className="mono faint check-id">{check.id}</span>
        <span className="chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      <p className="check-summary" data-testid="check-summary">
        {check.summary}
      </p>
      {open ? (
        <div id={detailsId} className="check-details">
          {check.evidence.length ? (
            <table className="table evidence" data-testid="check-evidence">
              <caption className="sr-only">Evidence for {check.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Value</th>
                  <th scope="col">Actual</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {check.evidence.map((e, i) => (
                  <tr key={`${e.name}-${i}`} className={e.value === null && e.origin !== 'profile' ? 'unknown' : undefined}>
                    <td>{evidenceLabel(e)}</td>
                    <td className="mono">{evidenceValue(e)}</td>
                    <td className="faint">{evidenceSource(e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p className="check-why">
            <strong>Why it matters. </strong>
            {check.why}
          </p>
          {fix ? (
            <div className="fix" data-testid="check-fix">
              <div className="fix-head">
                <strong>Fix.</strong> <span>{fix.summary}</span>
              </div>
              {fix.patch ? (
                <div className="row-wrap">
                  <button
                    type="button"
                    className="btn primary small"
                    disabled={busy}
                    data-testid="apply-fix"
                    aria-label={`Apply fix for ${check.title}: ${describePatch(fix.patch)}`}
                    onClick={() => void applyFix(connectionId, fix.patch!, describePatch(fix.patch!))}
                  >
                    Apply fix
                  </button>
                  <span className="mono faint">{describePatch(fix.patch)}</span>
                </div>
              ) : null}
              {code ? (
                <div className="code-block">
                  <pre className="mono" data-testid="fix-code">
                    {code}
                  </pre>
                  <CopyButton text={code} label="Copy fix" testId="copy-fix" />
                </div>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
