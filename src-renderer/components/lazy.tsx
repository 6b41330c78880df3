import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Spinner } from './Feedback';

/** A component loaded on first use, with `preload()` to fetch its code earlier (on intent, at start). */
export type LazyComponent<P> = ComponentType<P> & { preload(): Promise<unknown> };

/**
 * Code-split a named export: the module is fetched the first time the component renders or
 * `preload()` is called, once. `load` returns the component (React.lazy wants a default export).
 */
export function lazyNamed<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  const fetchOnce = () => {
    pending ??= load().then(
      (C) => ({ default: C }),
      (err: unknown) => {
        throw new ChunkLoadError(err);
      },
    );
    return pending;
  };
  const Lazy = lazy(fetchOnce) as unknown as LazyComponent<P>;
  Lazy.preload = fetchOnce;
  return Lazy;
}

/** The code of a lazy part could not be fetched (as opposed to a bug while rendering it). */
export class ChunkLoadError extends Error {
  constructor(cause: unknown) {
    super(`A part of the UI could not be fetched: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ChunkLoadError';
  }
}

interface BoundaryState {
  error: unknown;
}

/**
 * A chunk that cannot be fetched (the server was stopped, or restarted with a newer build whose
 * file names differ) is not a crash of the whole page: the part says so and offers the reload
 * that fixes it. React caches the failed import, so reloading the page is the retry.
 */
class ChunkBoundary extends Component<{ what: string; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };
  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }
  override render() {
    if (this.state.error === null) return this.props.children;
    // Only fetch failures are ours to explain; any other error goes on to whatever handles it above.
    if (!(this.state.error instanceof ChunkLoadError)) throw this.state.error;
    return (
      <div className="callout error" role="alert" data-testid="chunk-error">
        <div className="stack" style={{ gap: 4 }}>
          <div className="callout-title">{this.props.what} could not be loaded</div>
          <div>The page could not fetch this part of Poolscope from the app (it may have stopped, or restarted with a new version).</div>
          <div>
            <button type="button" className="btn small" onClick={() => window.location.reload()}>
              Reload the page
            </button>
          </div>
        </div>
      </div>
    );
  }
}

/** Where a lazy part renders: a labelled loading state while its code arrives, an explanation if it cannot. */
export function LazyPart({ what, children, overlay }: { what: string; children: ReactNode; overlay?: boolean }) {
  const loading = (
    <div className={overlay ? 'lazy-loading overlay' : 'lazy-loading'} data-testid="lazy-loading">
      <Spinner label={`Loading ${what}…`} />
    </div>
  );
  return (
    <ChunkBoundary what={what}>
      <Suspense fallback={loading}>{children}</Suspense>
    </ChunkBoundary>
  );
}
