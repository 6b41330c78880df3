import { useEffect } from 'react';
import { cellKey, envGroupOf, matrixCell, serverKindOf, MATRIX_ROWS, type EnvGroup } from '@shared/matrix';
import { WORKLOAD_LABELS } from '@shared/profile';
import type { SectionProps } from '../registry';
import { useStore } from '../../store';
import { ErrorCallout, Spinner } from '../../components/Feedback';
import { MatrixGrid } from './MatrixGrid';
import { CellDetails } from './CellDetails';
import './matrix.css';

const ENVS: Array<[EnvGroup, string]> = [
  ['production', 'Production / staging'],
  ['test', 'Test / local'],
];

export function MatrixView({ profile }: SectionProps) {
  const id = profile.id;
  const entry = useStore((s) => s.checks[id]);
  const loadLastRun = useStore((s) => s.loadLastRun);
  const runChecks = useStore((s) => s.runChecks);
  const envChoice = useStore((s) => s.matrixEnv);
  const setEnv = useStore((s) => s.setMatrixEnv);
  const openKey = useStore((s) => s.matrixOpenCell);
  const openCell = useStore((s) => s.openMatrixCell);
  useEffect(() => void loadLastRun(id), [id, loadLastRun]);
  useEffect(() => openCell(null), [id, openCell]);

  const run = entry?.run ?? null;
  // The server kind comes from the recommendation engine's reading of the measured facts; before a
  // run, from the saved backend. Environment and workload always from the profile as saved now.
  const decision = run ? { kind: run.advice.serverKind, basis: run.advice.serverKindBasis, detected: true } : serverKindOf(profile, null);
  const ownEnv = envGroupOf(profile.service.environment);
  const env = envChoice ?? ownEnv;
  const current = matrixCell(decision.kind, profile.service.workload, profile.service.environment);
  const currentKey = cellKey(current);
  const shownKey = openKey ?? (env === ownEnv ? currentKey : cellKey({ ...current, envGroup: env }));
  const [kind, workload, group] = shownKey.split(':') as [typeof current.kind, typeof current.workload, EnvGroup];
  const shown = matrixCell(kind, workload, group);
  const row = MATRIX_ROWS.find((r) => r.kind === decision.kind)!;
  const ask = profile.passwordMode === 'ask';

  return (
    <div className="stack matrix-view" data-testid="matrix-view">
      <section className="card" aria-labelledby="matrix-title">
        <div className="row-wrap">
          <h2 id="matrix-title" className="grow">
            Driver selection matrix
          </h2>
          <div className="segmented" role="group" aria-label="Environment">
            {ENVS.map(([value, label]) => (
              <button key={value} type="button" className="btn small" aria-pressed={env === value} data-testid={`matrix-env-${value}`} onClick={() => setEnv(value === ownEnv ? null : value)}>
                {label}
                {value === ownEnv ? ' (this connection)' : ''}
              </button>
            ))}
          </div>
        </div>
        <p className="matrix-lead" data-testid="matrix-detected">
          This connection: <strong>{row.label}</strong>, {WORKLOAD_LABELS[profile.service.workload]}, {profile.service.environment}{' '}
          <span className="muted">({decision.basis})</span>
        </p>
        {!decision.detected ? (
          <div className="row-wrap">
            {entry?.busy === 'run' ? (
              <Spinner label="Detecting the server…" />
            ) : (
              <>
                <span className="muted">{ask ? 'Run the checks with the password to detect MariaDB vs MySQL, the version and PgBouncer.' : 'Detect the server to tell MariaDB from MySQL, read the version and find PgBouncer.'}</span>
                {ask ? null : (
                  <button type="button" className="btn small" onClick={() => void runChecks(id)} data-testid="matrix-detect">
                    Detect server
                  </button>
                )}
              </>
            )}
          </div>
        ) : null}
        {entry?.error && !run ? <ErrorCallout error={entry.error} title="The server could not be detected" /> : null}
      </section>
      <div className="matrix-layout">
        <div className="card matrix-card">
          <MatrixGrid env={env} currentKey={currentKey} openKey={shownKey} onOpen={openCell} />
          <p className="faint matrix-foot">Select a cell for its reasoning. Arrow keys move between cells.</p>
        </div>
        <CellDetails cell={shown} current={shownKey === currentKey} {...(run ? { advice: run.advice } : {})} />
      </div>
    </div>
  );
}
