import { useMemo } from 'react';
import { diffLines, diffStats, hunks } from '@shared/export/line-diff';

/** Line changes of one file since the last saved export, as unified hunks. Rendered as text only. */
export function DiffView({ before, after, fileName }: { before: string | null; after: string; fileName: string }) {
  const lines = useMemo(() => diffLines((before ?? '').replace(/\n$/, ''), after.replace(/\n$/, '')), [before, after]);
  const shown = useMemo(() => hunks(lines, 3), [lines]);
  const stats = diffStats(lines);
  if (before === null) return <p className="muted" data-testid="export-diff-new">{fileName} is new: the last export did not have it.</p>;
  if (stats.added === 0 && stats.removed === 0) return <p className="muted" data-testid="export-diff-same">{fileName} is the same as in the last export.</p>;
  return (
    <pre className="code export-diff" tabIndex={0} aria-label={`Changes to ${fileName} since the last export: ${stats.added} added, ${stats.removed} removed`} data-testid="export-diff">
      <code>
        {shown.map((l, i) =>
          l.kind === 'gap' ? (
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
          ),
        )}
      </code>
    </pre>
  );
}

/** "+3 −1", "new" or "" for a file compared with the last export (null: there was none). */
export function changeLabel(before: string | null | undefined, after: string): string {
  if (before === undefined) return '';
  if (before === null) return 'new';
  const s = diffStats(diffLines(before.replace(/\n$/, ''), after.replace(/\n$/, '')));
  return s.added || s.removed ? `+${s.added} −${s.removed}` : '';
}
