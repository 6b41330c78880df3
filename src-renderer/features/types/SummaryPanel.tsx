import { TARGET_LABELS, type Target, type TypesReport } from '@shared/typemap-model';
import { summaryAnswer, summaryQuestion } from './summary-question';
import { useStore } from '../../store';

/** "Can this run on SQLite in tests / on MySQL?" per target, with counts and the exact list, plus tables with issues. */
const ORDER: Target[] = ['sqlite', 'mysql', 'postgresql'];
const SHOWN = 6;

export function SummaryPanel({ report }: { report: TypesReport }) {
  const setView = useStore((s) => s.setTypesView);
  const setFilter = (filter: Parameters<typeof setView>[0]['filter']) => setView({ filter });
  const tablesWithIssues = report.tableSummaries.filter((t) => ORDER.some((x) => t.targets[x].lossy + t.targets[x].unsupported + t.targets[x].tableBlockers > 0));
  return (
    <div className="stack" style={{ gap: 12 }}>
      <div className="types-summary" data-testid="types-summary">
        {ORDER.map((t) => {
          const s = report.summary.targets[t];
          // Blockers first: they decide the answer.
          const issues = report.summary.issues.filter((i) => i.target === t).sort((a, b) => (a.level === b.level ? 0 : a.level === 'unsupported' ? -1 : 1));
          const answer = summaryAnswer(t, report.family, s);
          const question = summaryQuestion(t, report.family);
          return (
            <section key={t} className={`card types-verdict-card ${!s.runs ? 'bad' : s.lossy ? 'warn' : 'ok'}`} aria-label={question} data-testid={`summary-${t}`}>
              <div className="muted types-question">{question}</div>
              <div className="types-answer" data-testid={`summary-${t}-answer`}>
                {answer}
              </div>
              <div className="row-wrap types-counts">
                <button type="button" className="btn small" onClick={() => setFilter({ verdict: 'unsupported', target: t, table: null })} data-testid={`summary-${t}-unsupported`}>
                  {s.unsupported} unsupported
                </button>
                <button type="button" className="btn small" onClick={() => setFilter({ verdict: 'lossy', target: t, table: null })} data-testid={`summary-${t}-lossy`}>
                  {s.lossy} lossy
                </button>
                <span className="faint">{s.portable} portable</span>
              </div>
              {issues.length ? (
                <ul className="types-issues">
                  {issues.slice(0, SHOWN).map((i) => (
                    <li key={`${i.table}.${i.column}`}>
                      <span className={`types-dot ${i.level}`} aria-hidden="true" />
                      <span className="mono types-issue-name">{i.scope === 'table' ? i.table : `${i.table}.${i.column}`}</span>
                      <span className="faint"> {i.scope === 'table' ? `whole table: ${i.lost.join(', ')}` : i.level === 'unsupported' ? 'unsupported' : i.lost.join(', ')}</span>
                    </li>
                  ))}
                  {issues.length > SHOWN ? <li className="faint">and {issues.length - SHOWN} more (use the filters below)</li> : null}
                </ul>
              ) : (
                <p className="faint">Every column survives as it is.</p>
              )}
              {issues
                .filter((i) => i.scope === 'table')
                .slice(0, 3)
                .map((i) => (
                  <div key={`table-${i.table}`} className="types-table-issue" data-testid={`summary-${t}-table-issue`}>
                    <span className="mono">{i.table}</span>: {i.detail}
                    {i.fix ? (
                      <div>
                        <strong>Fix:</strong> {i.fix}
                      </div>
                    ) : null}
                  </div>
                ))}
            </section>
          );
        })}
      </div>
      {tablesWithIssues.length ? (
        <details className="card types-tables">
          <summary>
            {tablesWithIssues.length} of {report.tableSummaries.length} tables do not survive everywhere as they are
          </summary>
          <table className="table" aria-label="Tables with portability issues">
            <thead>
              <tr>
                <th>Table</th>
                {ORDER.map((t) => (
                  <th key={t}>{TARGET_LABELS[t]} (unsupported / lossy)</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tablesWithIssues.slice(0, 200).map((t) => (
                <tr key={t.table}>
                  <td>
                    <button type="button" className="btn ghost small" onClick={() => setFilter({ table: t.table, verdict: 'all' })}>
                      {t.table}
                    </button>
                  </td>
                  {ORDER.map((x) => (
                    <td key={x} className="num">
                      {t.targets[x].unsupported} / {t.targets[x].lossy}
                      {t.targets[x].tableBlockers ? (
                        <span className="types-table-blocked">
                          {' · '}
                          {report.summary.issues.some((i) => i.scope === 'table' && i.table === t.table && i.target === x && i.lost.includes('row size')) ? 'row too large' : 'model type not creatable'}
                        </span>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {tablesWithIssues.length > 200 ? <p className="faint">The first 200 are listed; filter the grid by table for the rest.</p> : null}
        </details>
      ) : null}
    </div>
  );
}
