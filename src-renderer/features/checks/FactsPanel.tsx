import { FACT_INFO, PRODUCT_LABELS, formatFact, type FactName, type ServerFacts } from '@shared/facts';
import { ago } from './format';

/** Everything that was measured, unknown facts with their reason. Collapsed by default. */
export function FactsPanel({ facts }: { facts: ServerFacts }) {
  const entries = (Object.keys(facts.facts) as FactName[]).map((name) => [name, facts.facts[name]!] as const);
  const unknown = entries.filter(([, f]) => f.value === null).length;
  return (
    <details className="card facts-panel" data-testid="facts-panel">
      <summary>
        <h2 className="inline-h2">Server facts</h2>
        <span className="muted">
          {' '}
          {PRODUCT_LABELS[facts.product]} {facts.version} at <span className="mono">{facts.target}</span>, measured {ago(facts.measuredAt)}
          {unknown ? ` · ${unknown} unknown` : ''}
        </span>
      </summary>
      <p className="faint mono version-text">{facts.versionText}</p>
      <table className="table">
        <caption className="sr-only">Facts measured on the server</caption>
        <thead>
          <tr>
            <th scope="col">Fact</th>
            <th scope="col">Value</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, f]) => (
            <tr key={name} className={f.value === null ? 'unknown' : undefined} data-testid={`fact-${name}`}>
              <td>{FACT_INFO[name].label}</td>
              <td className="mono">{formatFact(name, f)}</td>
              <td className="faint">
                {f.source}
                {f.measured ? '' : ' (not measured)'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
