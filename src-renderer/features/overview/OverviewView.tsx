import { BACKEND_INFO, PY_DRIVER_INFO } from '@shared/backends';
import { WORKLOAD_LABELS, defaultDriver, describeTarget } from '@shared/profile-vocab';
import { effectivePoolClass } from '@shared/pool-class';
import type { SectionProps } from '../registry';
import { overviewPanels } from './panels';

export function OverviewView({ profile }: SectionProps) {
  const p = profile;
  const info = BACKEND_INFO[p.backend];
  const driver = p.service.driver ?? defaultDriver(p.backend);
  const effective = effectivePoolClass(p);
  const poolClass = p.pool.poolClass === 'default' ? `${effective} (SQLAlchemy's default for this URL)` : effective;
  return (
    <div className="stack" style={{ gap: 16 }} data-testid="overview">
      {overviewPanels.map((Panel, i) => (
        <Panel key={i} profile={profile} />
      ))}
      <div className="grid-2">
        <div className="card">
          <div className="card-title">
            <h2>Connection</h2>
          </div>
          <dl className="kv">
            <dt>Backend</dt>
            <dd>{info.label}</dd>
            <dt>{p.backend === 'sqlite' ? 'File' : 'Target'}</dt>
            <dd className="mono" data-testid="overview-target">{describeTarget(p)}</dd>
            {p.backend !== 'sqlite' ? (
              <>
                <dt>User</dt>
                <dd>{p.user || <span className="faint">(none)</span>}</dd>
                <dt>Password</dt>
                <dd>{p.passwordMode === 'ask' ? 'asked on connect' : p.hasPassword ? 'saved, encrypted' : 'none'}</dd>
                <dt>TLS</dt>
                <dd>{p.tls.mode}</dd>
              </>
            ) : null}
            <dt>Connect timeout</dt>
            <dd>{p.options.connectTimeoutSec} s</dd>
            {p.tags.length ? (
              <>
                <dt>Tags</dt>
                <dd className="row-wrap">{p.tags.map((t) => <span key={t} className="badge">{t}</span>)}</dd>
              </>
            ) : null}
            {p.group ? (
              <>
                <dt>Group</dt>
                <dd data-testid="overview-group">{p.group}</dd>
              </>
            ) : null}
            {p.notes ? (
              <>
                <dt>Notes</dt>
                <dd data-testid="overview-notes" style={{ whiteSpace: 'pre-wrap' }}>{p.notes}</dd>
              </>
            ) : null}
          </dl>
        </div>
        <div className="card">
          <div className="card-title">
            <h2>Service</h2>
          </div>
          <dl className="kv">
            <dt>Environment</dt>
            <dd>{p.service.environment}</dd>
            <dt>Workload</dt>
            <dd>{WORKLOAD_LABELS[p.service.workload]}</dd>
            <dt>Processes</dt>
            <dd>{p.service.processes}</dd>
            <dt>Python driver</dt>
            <dd>
              {PY_DRIVER_INFO[driver].label}
              {p.service.driver ? null : <span className="faint"> (default)</span>}
            </dd>
          </dl>
        </div>
        <div className="card">
          <div className="card-title">
            <h2>SQLAlchemy pool settings</h2>
          </div>
          <dl className="kv" data-testid="overview-pool">
            <dt>poolclass</dt>
            <dd className="mono">{poolClass}</dd>
            <dt>pool_size</dt>
            <dd className="mono">{p.pool.poolSize}</dd>
            <dt>max_overflow</dt>
            <dd className="mono">{p.pool.maxOverflow}</dd>
            <dt>pool_timeout</dt>
            <dd className="mono">{p.pool.timeout}</dd>
            <dt>pool_recycle</dt>
            <dd className="mono">{p.pool.recycle}</dd>
            <dt>pool_pre_ping</dt>
            <dd className="mono">{p.pool.prePing ? 'True' : 'False'}</dd>
            <dt>pool_use_lifo</dt>
            <dd className="mono">{p.pool.useLifo ? 'True' : 'False'}</dd>
            <dt>pool_reset_on_return</dt>
            <dd className="mono">{p.pool.resetOnReturn === 'none' ? 'None' : `"${p.pool.resetOnReturn}"`}</dd>
          </dl>
        </div>
      </div>
    </div>
  );
}
