import { useCallback, useMemo } from 'react';
import { hunks } from './line-diff';
import { useFileDiff } from './diff-cache';
import { LineBlocks } from '../../components/code/LineBlocks';

/**
 * Line changes of one file since the last saved export, as unified hunks. Rendered as text only.
 * The diff itself comes from the worker-backed cache (computed once per pair of texts).
 */
export function DiffView({ before, after, fileName }: { before: string | null; after: string; fileName: string }) {
  const diff = useFileDiff(before, after);
  const shown = useMemo(() => (diff ? hunks(diff.lines, 3) : []), [diff]);
  const line = useCallback(
    (i: number) => {
      const l = shown[i]!;
      return l.kind === 'gap' ? (
        <span key={i} className="code-line diff-gap">
          <span className="code-no" aria-hidden="true" />
          <span className="code-text">⋯ {l.count} unchanged line{l.count === 1 ? '' : 's'}</span>
        </span>
      ) : (
        <span key={i} className={`code-line diff-${l.kind}`}>
          <span className="code-no" aria-hidden="true">
            {l.kind === 'del' ? l.oldNo : l.newNo}
          </span>
          <span className="diff-mark" aria-hidden="true">
            {l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}
          </span>
          <span className="code-text">
            {l.kind === 'add' ? <span className="sr-only">added: </span> : l.kind === 'del' ? <span className="sr-only">removed: </span> : null}
            {l.text}
          </span>
        </span>
      );
    },
    [shown],
  );
  if (before === null) return <p className="muted" data-testid="export-diff-new">{fileName} is new: the last export did not have it.</p>;
  if (!diff) return <p className="muted" role="status" data-testid="export-diff-pending">Comparing {fileName} with the last export…</p>;
  if (diff.added === 0 && diff.removed === 0) return <p className="muted" data-testid="export-diff-same">{fileName} is the same as in the last export.</p>;
  return (
    <pre className="code export-diff" tabIndex={0} aria-label={`Changes to ${fileName} since the last export: ${diff.added} added, ${diff.removed} removed`} data-testid="export-diff">
      <code>
        <LineBlocks key={fileName} count={shown.length} line={line} />
      </code>
    </pre>
  );
}

/** "+3 −1" or "new" after a file's tab name when it differs from the last export; nothing while it is being compared. */
export function ChangeBadge({ before, after }: { before: string | null | undefined; after: string }) {
  const diff = useFileDiff(before, after);
  if (before === undefined) return null;
  const change = before === null ? 'new' : diff && (diff.added || diff.removed) ? `+${diff.added} −${diff.removed}` : '';
  if (!change) return null;
  return (
    <span className={`export-change ${change === 'new' ? 'new' : ''}`} aria-label={change === 'new' ? 'new since the last export' : `changed since the last export: ${change}`} data-testid="export-change">
      {change}
    </span>
  );
}
