import { useMemo } from 'react';
import { BACKEND_INFO, PY_DRIVER_INFO } from '@shared/backends';
import { useStore } from '../../../store';
import { allGroups } from '../../shell/tree-model';
import { ENVIRONMENTS, POOL_CLASSES, RESET_ON_RETURN, WORKLOADS, WORKLOAD_LABELS } from '@shared/profile';
import type { FieldErrors, FormState } from './form-model';
import { CheckField, SelectField, TextField } from './fields';

type Props = { form: FormState; errors: FieldErrors; set(patch: Partial<FormState>): void };

/** What the service around the connection looks like; later features read these. */
export function ServiceSection({ form, errors, set }: Props) {
  const drivers = BACKEND_INFO[form.backend].drivers;
  const connections = useStore((s) => s.connections);
  const groups = useMemo(() => allGroups(connections), [connections]);
  return (
    <fieldset className="cx-section">
      <legend>Service</legend>
      <div className="cx-grid">
        <SelectField label="Environment" value={form.environment} options={ENVIRONMENTS.map((e) => ({ value: e, label: e }))} onChange={(environment) => set({ environment })} testId="form-environment" help={form.environment === 'production' ? 'Marked in red everywhere.' : undefined} />
        <SelectField label="Workload" value={form.workload} options={WORKLOADS.map((w) => ({ value: w, label: WORKLOAD_LABELS[w] }))} onChange={(workload) => set({ workload })} />
        <SelectField
          label="Python driver"
          value={form.driver}
          options={[{ value: '' as const, label: `default (${PY_DRIVER_INFO[drivers[0]!].label})` }, ...drivers.map((d) => ({ value: d, label: PY_DRIVER_INFO[d].label }))]}
          onChange={(driver) => set({ driver })}
          testId="form-driver"
        />
        <TextField label="Application processes" inputMode="numeric" value={form.processes} onChange={(processes) => set({ processes })} error={errors.processes} help="Workers that each hold their own engine and pool." />
        <TextField label="Concurrent requests per process" inputMode="numeric" value={form.concurrency} onChange={(concurrency) => set({ concurrency })} error={errors.concurrency} placeholder="(unknown)" />
      </div>
      <div className="cx-grid">
        <div className="field">
          <label htmlFor="cx-color">Colour</label>
          <div className="cx-row">
            <input id="cx-color" className="cx-color" type="color" value={form.color || '#64748b'} onChange={(e) => set({ color: e.target.value })} aria-describedby={errors.color ? 'cx-color-error' : undefined} />
            {form.color ? (
              <button type="button" className="btn small ghost" onClick={() => set({ color: '' })}>
                No colour
              </button>
            ) : null}
          </div>
          {errors.color ? <span className="field-error" id="cx-color-error">{errors.color}</span> : null}
        </div>
        <TextField label="Tags (comma-separated)" value={form.tags} onChange={(tags) => set({ tags })} error={errors.tags} placeholder="api, eu-west" />
        <TextField label="Group" value={form.group} onChange={(group) => set({ group })} error={errors.group} placeholder="(top level)" suggestions={groups} help="A folder in the sidebar; / nests (Production/EU)." testId="form-group" />
      </div>
      <div className="field">
        <label htmlFor="cx-notes">Notes</label>
        <textarea id="cx-notes" className="textarea" rows={2} value={form.notes} onChange={(e) => set({ notes: e.target.value })} maxLength={4000} placeholder="Anything worth knowing: who owns it, how to reach it…" data-testid="form-notes" />
        {errors.notes ? <span className="field-error">{errors.notes}</span> : null}
      </div>
    </fieldset>
  );
}

/** SQLAlchemy's create_async_engine pool arguments, defaults as SQLAlchemy has them. */
export function PoolSection({ form, errors, set }: Props) {
  return (
    <details className="cx-section cx-details">
      <summary>SQLAlchemy pool settings</summary>
      <div className="cx-grid">
        <SelectField label="poolclass" value={form.poolClass} options={POOL_CLASSES.map((c) => ({ value: c, label: c === 'default' ? 'default (SQLAlchemy picks)' : c }))} onChange={(poolClass) => set({ poolClass })} />
        <TextField label="pool_size" inputMode="numeric" value={form.poolSize} onChange={(poolSize) => set({ poolSize })} error={errors.poolSize} help="0 means no limit." />
        <TextField label="max_overflow" inputMode="numeric" value={form.maxOverflow} onChange={(maxOverflow) => set({ maxOverflow })} error={errors.maxOverflow} help="-1 means no overflow limit." />
        <TextField label="pool_timeout (s)" inputMode="decimal" value={form.poolTimeout} onChange={(poolTimeout) => set({ poolTimeout })} error={errors.poolTimeout} />
        <TextField label="pool_recycle (s)" inputMode="numeric" value={form.recycle} onChange={(recycle) => set({ recycle })} error={errors.recycle} help="-1 never recycles." />
        <SelectField label="pool_reset_on_return" value={form.resetOnReturn} options={RESET_ON_RETURN.map((r) => ({ value: r, label: r }))} onChange={(resetOnReturn) => set({ resetOnReturn })} />
      </div>
      <div className="cx-row">
        <CheckField label="pool_pre_ping" checked={form.prePing} onChange={(prePing) => set({ prePing })} />
        <CheckField label="pool_use_lifo" checked={form.useLifo} onChange={(useLifo) => set({ useLifo })} />
      </div>
    </details>
  );
}
