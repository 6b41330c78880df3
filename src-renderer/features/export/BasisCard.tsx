import { PASSWORD_PLACEHOLDER, type ExportPreview } from '@shared/export/bundle';
import { MATRIX_ROWS } from '@shared/matrix';
import { Callout } from '../../components/Feedback';
import { formatDateTime, formatTime } from '../../format';

/** What the files rest on: the measured server (or not yet), the driver, the pool and the test set-up, and the last save. */
export function BasisCard({ preview, onRunChecks }: { preview: ExportPreview; onRunChecks(): void }) {
  const { basis, generatedAt } = preview.bundle;
  const row = MATRIX_ROWS.find((r) => r.kind === basis.serverKind)?.label ?? basis.serverKind;
  return (
    <div className="stack" style={{ gap: 8 }}>
      {basis.measured ? null : (
        <Callout tone="warn" title="The server has not been checked yet" testId="export-unmeasured">
          The reasons in these files cite the saved settings and documented defaults only.{' '}
          <button type="button" className="link" onClick={onRunChecks}>
            Run the checks
          </button>{' '}
          and the files will cite what the server really has (wait_timeout, max_connections, PgBouncer …).
        </Callout>
      )}
      <dl className="card export-basis" data-testid="export-basis">
        <div>
          <dt>Measured</dt>
          <dd>{basis.measured ? `${basis.measured.product} ${basis.measured.version} at ${basis.measured.target}, ${formatDateTime(basis.measured.measuredAt)}` : 'not yet'}</dd>
        </div>
        <div>
          <dt>Matrix row</dt>
          <dd>{row}</dd>
        </div>
        <div>
          <dt>Driver · pool</dt>
          <dd className="mono">
            {basis.driver} · {basis.poolClass}
          </dd>
        </div>
        {basis.testSetup ? (
          <div>
            <dt>Tests</dt>
            <dd title={basis.testSetup.reason}>{basis.testSetup.kind === 'sqlite-memory' ? 'in-memory aiosqlite, StaticPool' : 'the real server, rolled back per test'}</dd>
          </div>
        ) : null}
        <div>
          <dt>Last export</dt>
          <dd data-testid="export-last">{preview.last ? `${preview.last.exportedAt.slice(0, 16).replace('T', ' ')} (${preview.last.via}, ${preview.last.target})` : 'none yet'}</dd>
        </div>
        <div>
          <dt>Generated</dt>
          <dd>{formatTime(generatedAt)} · never a password: URLs carry {PASSWORD_PLACEHOLDER}</dd>
        </div>
      </dl>
      {basis.notes.map((n) => (
        <p key={n} className="faint">
          {n}
        </p>
      ))}
    </div>
  );
}
