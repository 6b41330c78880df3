import { TARGETS, TARGET_LABELS, type ColumnMapping } from '@shared/typemap-model';
import { CopyButton } from '../../components/CopyButton';
import { VerdictBadge } from './VerdictBadge';

/** Everything about one column: how SQLAlchemy reflects it, what it adapts to, and each target's DDL, verdict and fix. */
export function ColumnDetail({ column: c }: { column: ColumnMapping }) {
  return (
    <section className="card types-detail" aria-label={`Details of ${c.table}.${c.column}`} data-testid="types-detail">
      <div className="card-title">
        <h2 className="cell-ellipsis">
          {c.table}.{c.column}
        </h2>
      </div>
      <dl className="kv">
        <dt>Native type</dt>
        <dd className="mono">
          {c.nativeType || '(none declared)'}
          {c.affinity ? <span className="faint"> · SQLite affinity {c.affinity}</span> : null}
        </dd>
        <dt>SQLAlchemy reflects</dt>
        <dd className="mono">{c.reflected}</dd>
        <dt>Generic type</dt>
        <dd className="mono">
          {c.generic} <span className="faint">from {c.genericModule}</span>
        </dd>
        <dt>Portable model</dt>
        <dd className="mono">{c.portable}</dd>
        <dt>Column</dt>
        <dd>
          {c.primaryKey ? 'primary key, ' : ''}
          {c.nullable ? 'nullable' : 'NOT NULL'}
          {c.autoincrement ? ', auto-increment' : ''}
          {c.default !== null ? (
            <>
              , default <span className="mono">{c.default}</span>
            </>
          ) : null}
        </dd>
      </dl>
      {c.notes.length ? (
        <ul className="types-notes">
          {c.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
      <div className="types-targets">
        {TARGETS.map((t) => {
          const d = c.ddl[t];
          const v = c.verdicts[t];
          return (
            <div className="types-target" key={t} data-testid={`detail-${t}`}>
              <div className="row">
                <h3 className="grow">{TARGET_LABELS[t]}</h3>
                <VerdictBadge level={v.level} />
              </div>
              <div className="row">
                <code className="grow types-ddl">{d.ok ? d.ddl : d.error}</code>
                {d.ok ? <CopyButton text={d.ddl} label={`Copy ${TARGET_LABELS[t]} DDL`} testId={`copy-ddl-${t}`} /> : null}
              </div>
              {v.lost.length ? <div className="types-lost">Loses: {v.lost.join(', ')}</div> : null}
              <p className="muted">{v.detail}</p>
              {v.fix ? (
                <p>
                  <strong>Fix: </strong>
                  <span className="mono">{v.fix}</span>
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </section>
  );
}
