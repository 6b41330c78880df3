import { useRef, type KeyboardEvent } from 'react';
import { useStore } from '../../store';
import { BackendBadge, EnvBadge } from '../../components/Badges';
import { EmptyState, ErrorCallout, Spinner } from '../../components/Feedback';
import { LazyPart } from '../../components/lazy';
import { SECTIONS } from '../registry';
import { describeTarget } from '@shared/profile-vocab';
import { testState } from '@shared/conn-test';
import { TestStateIcon } from '../connections/LastTest';

export function MainArea() {
  const selectedId = useStore((s) => s.selectedId);
  const selected = useStore((s) => s.selected);
  const selectedError = useStore((s) => s.selectedError);
  const section = useStore((s) => s.section);
  const setSection = useStore((s) => s.setSection);
  const connections = useStore((s) => s.connections);
  const desktop = useStore((s) => s.info?.mode === 'electron');
  const tabList = useRef<HTMLDivElement>(null);
  const lastTest = useStore((s) => s.connections.find((c) => c.id === s.selectedId)?.lastTest);

  if (!selectedId) {
    return (
      <main className="main" aria-label="Workbench">
        <div className="main-body">
          <EmptyState title={connections.length ? 'Pick a connection' : 'No connections yet'} testId="no-selection">
            <p>
              {connections.length
                ? 'Choose a saved connection on the left to see its overview, its live pool, server checks, the driver matrix, type mappings and config export.'
                : 'Add a connection to get started.'}
            </p>
          </EmptyState>
        </div>
      </main>
    );
  }
  if (selectedError) {
    return (
      <main className="main" aria-label="Workbench">
        <div className="main-body">
          <ErrorCallout error={selectedError} title="This connection could not be loaded" />
        </div>
      </main>
    );
  }
  if (!selected) {
    return (
      <main className="main" aria-label="Workbench">
        <div className="main-body">
          <Spinner label="Loading connection…" />
        </div>
      </main>
    );
  }
  const active = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0]!;
  const View = active.View;
  // ARIA tabs: one Tab stop, arrows (wrapping), Home and End move and select at once.
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = SECTIONS.findIndex((s) => s.id === active.id);
    const n = SECTIONS.length;
    const next = { ArrowRight: (i + 1) % n, ArrowLeft: (i + n - 1) % n, Home: 0, End: n - 1 }[e.key];
    if (next === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const id = SECTIONS[next]!.id;
    setSection(id);
    requestAnimationFrame(() => tabList.current?.querySelector<HTMLElement>(`#tab-${id}`)?.focus());
  };
  return (
    <main className="main" aria-label="Workbench">
      <header className="main-header">
        <div className="main-title">
          {selected.color ? <span className="conn-dot" style={{ background: selected.color, width: 12, height: 12 }} aria-hidden="true" /> : null}
          {/* The last test's state as a shape with a name, not a colour alone (the colour dot is only the connection's own colour). */}
          <span className="row" data-testid="header-test-state">
            <TestStateIcon state={testState(lastTest)} />
          </span>
          <h1 data-testid="connection-title">{selected.name}</h1>
          <BackendBadge backend={selected.backend} />
          <EnvBadge env={selected.service.environment} />
        </div>
        <div className="main-subtitle mono">{describeTarget(selected)}</div>
        <div className="tabs" role="tablist" aria-label="Sections" ref={tabList} onKeyDown={onTabKey}>
          {SECTIONS.map((s, i) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              className="tab"
              id={`tab-${s.id}`}
              aria-selected={s.id === active.id}
              aria-controls={`panel-${s.id}`}
              tabIndex={s.id === active.id ? 0 : -1}
              title={desktop ? `${s.label} (Ctrl+${i + 1})` : undefined}
              data-testid={`tab-${s.id}`}
              // Intent: fetch the section's code while the pointer or focus is on its tab.
              onPointerEnter={() => void s.View.preload().catch(() => undefined)}
              onFocus={() => void s.View.preload().catch(() => undefined)}
              onClick={() => setSection(s.id)}
            >
              {s.label}
            </button>
          ))}
        </div>
      </header>
      <section className="main-body" role="tabpanel" tabIndex={0} id={`panel-${active.id}`} aria-labelledby={`tab-${active.id}`} data-testid={`panel-${active.id}`}>
        <LazyPart key={active.id} what={active.label}>
          <View profile={selected} />
        </LazyPart>
      </section>
    </main>
  );
}
