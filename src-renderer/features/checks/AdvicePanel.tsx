import type { AdvisedSetting, Recommendation } from '@shared/advice';
import { isEmptyPatch } from '@shared/advice';
import { engineSnippet } from '@shared/engine-snippet';
import { CopyButton } from '../../components/CopyButton';
import { useStore } from '../../store';
import { describePatch } from './format';

/** What to show in the value column: the Python text, except where it would mislead. */
function display(s: AdvisedSetting<unknown>): string {
  if (s.key === 'driver') return String(s.value);
  if (s.python === '') return '(left out)';
  if (s.key === 'isolation_level' && s.value === null) return '(left out)';
  return s.python;
}

function Row({ s }: { s: AdvisedSetting<unknown> | null }) {
  if (!s) return null;
  return (
    <tr className={s.changed ? 'changed-row' : undefined} data-testid={`advice-${s.key}`}>
      <td className="mono">{s.key}</td>
      <td className="mono">{display(s)}</td>
      <td>{s.reason}</td>
    </tr>
  );
}

/** The recommendation engine's settings for this connection, each with its reason, as a table and as Python. */
export function AdvicePanel({ advice, connectionId, busy }: { advice: Recommendation; connectionId: string; busy: boolean }) {
  const applyFix = useStore((s) => s.applyFix);
  const code = engineSnippet(advice);
  return (
    <section className="card" aria-labelledby="advice-title" data-testid="advice-panel">
      <div className="card-title">
        <h2 id="advice-title">Recommended engine settings</h2>
        <span className="spacer" />
        <CopyButton text={code} label="Copy as Python" testId="copy-engine" />
        {!isEmptyPatch(advice.patch) ? (
          <button type="button" className="btn small" disabled={busy} data-testid="apply-all" onClick={() => void applyFix(connectionId, advice.patch, describePatch(advice.patch))}>
            Apply all
          </button>
        ) : null}
      </div>
      <table className="table advice-table">
        <caption className="sr-only">Recommended settings and why</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          <Row s={advice.driver} />
          <tr>
            <td className="mono">URL</td>
            <td className="mono url-cell">{advice.url.value}</td>
            <td>{advice.url.reason}</td>
          </tr>
          <Row s={advice.poolClass} />
          <Row s={advice.poolSize} />
          <Row s={advice.maxOverflow} />
          <Row s={advice.poolTimeout} />
          <Row s={advice.poolRecycle} />
          <Row s={advice.prePing} />
          <Row s={advice.isolationLevel} />
          {advice.connectArgs.map((a) => (
            <tr key={a.key}>
              <td className="mono">{a.where === 'url' ? `?${a.key}` : `connect_args["${a.key}"]`}</td>
              {/* A value built by statements before the engine (an SSLContext) shows those statements, as the copied Python has them. */}
              <td className={a.setup?.length ? 'mono code-cell' : 'mono'}>{a.setup?.length ? a.setup.filter((l) => !l.startsWith('#')).join('\n') : a.python}</td>
              <td>{a.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {advice.notes.length ? (
        <ul className="notes muted">
          {advice.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
