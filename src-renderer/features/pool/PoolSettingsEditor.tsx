import type { ConnectionProfile, PoolClass } from '@shared/profile';
import { poolSettingsSchema } from '@shared/profile';
import { useStore } from '../../store';

type Draft = ConnectionProfile['pool'];

const NUMERIC: Array<{ key: 'poolSize' | 'maxOverflow' | 'timeout' | 'recycle'; label: string; help: string; step?: number }> = [
  { key: 'poolSize', label: 'pool_size', help: '0 = no limit' },
  { key: 'maxOverflow', label: 'max_overflow', help: '-1 = no limit' },
  { key: 'timeout', label: 'pool_timeout (s)', help: 'wait before TimeoutError', step: 0.1 },
  { key: 'recycle', label: 'pool_recycle (s)', help: '-1 = never' },
];

/** The pool settings editor: Apply saves them on the connection and rebuilds the pool (existing connections close). */
export function PoolSettingsEditor({ profile }: { profile: ConnectionProfile }) {
  const apply = useStore((s) => s.applyPoolSettings);
  const busy = useStore((s) => s.poolBusy[profile.id] ?? false);
  // The draft lives in the store (the tab may unmount); one made from settings saved since is dropped.
  const stored = useStore((s) => s.poolDrafts[profile.id]);
  const draft: Draft = stored && JSON.stringify(stored.base) === JSON.stringify(profile.pool) ? stored.draft : profile.pool;
  const setDraft = (next: Draft) => useStore.getState().setPoolDraft(profile.id, { base: profile.pool, draft: next });
  const parsed = poolSettingsSchema.safeParse(draft);
  const issues = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
  const dirty = JSON.stringify(draft) !== JSON.stringify(profile.pool);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });
  const onApply = async () => {
    if (parsed.success) await apply(profile.id, parsed.data);
  };
  return (
    <form
      className="stack"
      style={{ gap: 12 }}
      aria-label="Pool settings"
      onSubmit={(e) => {
        e.preventDefault();
        void onApply();
      }}
      data-testid="pool-settings"
    >
      <div className="settings-grid">
        <div className="field">
          <label htmlFor="ps-class">poolclass</label>
          <select id="ps-class" className="select" value={draft.poolClass} onChange={(e) => set('poolClass', e.target.value as PoolClass)}>
            <option value="default">default (SQLAlchemy picks)</option>
            <option value="QueuePool">AsyncAdaptedQueuePool</option>
            <option value="NullPool">NullPool</option>
            <option value="StaticPool">StaticPool</option>
          </select>
        </div>
        {NUMERIC.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`ps-${f.key}`}>{f.label}</label>
            <input
              id={`ps-${f.key}`}
              className="input"
              type="number"
              step={f.step ?? 1}
              value={Number.isNaN(draft[f.key]) ? '' : draft[f.key]}
              aria-invalid={issues[f.key] ? 'true' : 'false'}
              aria-describedby={`ps-${f.key}-help`}
              onChange={(e) => set(f.key, e.target.value === '' ? Number.NaN : Number(e.target.value))}
            />
            <span id={`ps-${f.key}-help`} className={issues[f.key] ? 'field-error' : 'field-help'}>
              {issues[f.key] ?? f.help}
            </span>
          </div>
        ))}
        <div className="field">
          <label htmlFor="ps-reset">pool_reset_on_return</label>
          <select id="ps-reset" className="select" value={draft.resetOnReturn} onChange={(e) => set('resetOnReturn', e.target.value as Draft['resetOnReturn'])}>
            <option value="rollback">rollback</option>
            <option value="commit">commit</option>
            <option value="none">None</option>
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.prePing} onChange={(e) => set('prePing', e.target.checked)} /> pool_pre_ping
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.useLifo} onChange={(e) => set('useLifo', e.target.checked)} /> pool_use_lifo
        </label>
      </div>
      <div className="row">
        <button type="submit" className="btn primary" disabled={!dirty || !parsed.success || busy} data-testid="pool-settings-apply">
          {busy ? 'Rebuilding…' : 'Apply and rebuild pool'}
        </button>
        <button type="button" className="btn" disabled={!dirty || busy} onClick={() => setDraft(profile.pool)}>
          Revert
        </button>
        <span className="faint">Applying saves these settings on the connection; the pool's connections close and it starts over.</span>
      </div>
    </form>
  );
}
