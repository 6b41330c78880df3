import { useMemo } from 'react';
import { langOf, tokenizeLine } from './tokenize';
import './code.css';

/** Highlighted, line-numbered code. Tokens are rendered as text nodes, never as markup. */
export function CodeView({ fileName, text, testId }: { fileName: string; text: string; testId?: string }) {
  const lang = langOf(fileName);
  const lines = useMemo(() => text.replace(/\n$/, '').split('\n').map((l) => tokenizeLine(lang, l)), [lang, text]);
  return (
    <pre className="code" data-testid={testId} aria-label={`${fileName} contents`} tabIndex={0}>
      <code>
        {lines.map((tokens, i) => (
          <span key={i} className="code-line">
            <span className="code-no" aria-hidden="true">
              {i + 1}
            </span>
            <span className="code-text">
              {tokens.map((t, j) => (
                <span key={j} className={`tok-${t.kind}`}>
                  {t.text}
                </span>
              ))}
            </span>
          </span>
        ))}
      </code>
    </pre>
  );
}
