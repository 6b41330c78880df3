import { useCallback, useMemo } from 'react';
import { langOf, tokenizeLine } from './tokenize';
import { LineBlocks } from './LineBlocks';
import './code.css';

/**
 * Highlighted, line-numbered code. Tokens are rendered as text nodes, never as markup. Long files
 * are drawn in blocks near the view only (LineBlocks), and each line is tokenized when drawn.
 */
export function CodeView({ fileName, text, testId }: { fileName: string; text: string; testId?: string }) {
  const lang = langOf(fileName);
  const lines = useMemo(() => text.replace(/\n$/, '').split('\n'), [text]);
  const line = useCallback(
    (i: number) => (
      <span key={i} className="code-line">
        <span className="code-no" aria-hidden="true">
          {i + 1}
        </span>
        <span className="code-text">
          {tokenizeLine(lang, lines[i]!).map((t, j) => (
            <span key={j} className={`tok-${t.kind}`}>
              {t.text}
            </span>
          ))}
        </span>
      </span>
    ),
    [lang, lines],
  );
  return (
    <pre className="code" data-testid={testId} data-lines={lines.length} aria-label={`${fileName} contents, ${lines.length} lines`} tabIndex={0}>
      <code>
        <LineBlocks key={`${fileName}:${lines.length}`} count={lines.length} line={line} />
      </code>
    </pre>
  );
}
