import { useMemo, useState } from 'react';
import { BACKEND_INFO } from '@shared/backends';
import { describeTarget, type ProfileInput } from '@shared/profile';
import { connectionsFromEnv } from '@shared/dotenv';
import { profileFieldsFromParsed } from '@shared/url';
import { ImportSave, type ImportItem } from './ImportSave';

/** Every connection a .env file describes (DATABASE_URL and friends, PG* variables), each with a checkbox. */
export function EnvImport({ onDone }: { onDone(): void }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [unchecked, setUnchecked] = useState<Set<string>>(new Set());
  const candidates = useMemo(() => connectionsFromEnv(text), [text]);
  const key = (c: (typeof candidates)[number]) => `${c.source}:${c.line}`;
  const items: ImportItem[] = candidates
    .filter((c) => c.parsed && !unchecked.has(key(c)))
    .map((c) => {
      const parsed = c.parsed!;
      const profile: ProfileInput = { ...profileFieldsFromParsed(parsed, { withSecretValues: true }), name: `${c.source}${fileName ? ` (${fileName})` : ''}`.slice(0, 120), service: parsed.driver ? { driver: parsed.driver } : {} };
      return { profile, ...(parsed.password !== undefined ? { password: parsed.password } : {}) };
    });

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
    setUnchecked(new Set());
  };

  const toggle = (k: string) => {
    setUnchecked((prev) => {
      const next = new Set(prev);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  };

  return (
    <div className="stack">
      <div className="cx-row">
        <label className="btn" htmlFor="cx-env-file">
          Choose a .env file…
        </label>
        <input id="cx-env-file" type="file" className="sr-only" accept=".env,.txt,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} data-testid="import-env-file" />
        <span className="faint">{fileName ?? 'or paste its contents below'}</span>
      </div>
      <div className="field">
        <label htmlFor="cx-env-text">.env contents</label>
        <textarea
          id="cx-env-text"
          className="textarea"
          rows={6}
          value={text}
          spellCheck={false}
          placeholder={'DATABASE_URL=postgresql+asyncpg://app:secret@db:5432/orders\nTEST_DATABASE_URL=sqlite+aiosqlite:///./test.db'}
          onChange={(e) => {
            setText(e.target.value);
            setFileName(null);
          }}
          data-testid="import-env-text"
        />
      </div>
      {text.trim() && candidates.length === 0 ? <p className="field-help" data-testid="import-env-empty">No database URLs found. Poolscope looks for values starting with postgresql://, mysql://, mariadb:// or sqlite:// and for PGHOST/PGDATABASE.</p> : null}
      {candidates.length ? (
        <ul className="cx-candidates" aria-label="Connections found" data-testid="import-env-candidates">
          {candidates.map((c) => (
            <li key={key(c)} className={`cx-candidate${c.error ? ' error' : ''}`}>
              {c.parsed ? (
                <input type="checkbox" checked={!unchecked.has(key(c))} onChange={() => toggle(key(c))} aria-label={`Import ${c.source} (line ${c.line})`} />
              ) : (
                <span aria-hidden="true">✗</span>
              )}
              <div className="grow">
                <div>
                  <strong className="mono">{c.source}</strong> <span className="faint">line {c.line}</span>
                </div>
                {c.parsed ? (
                  <div className="muted mono">
                    {BACKEND_INFO[c.parsed.backend].label} · {describeTarget(c.parsed)}
                    {c.parsed.user ? ` · user ${c.parsed.user}` : ''}
                    {c.parsed.password !== undefined ? ' · password given' : ''}
                    {c.parsed.secretParams ? <span data-testid="import-env-secret-params">{` · ${Object.keys(c.parsed.secretParams).sort().join(', ')} given: stored encrypted`}</span> : null}
                  </div>
                ) : (
                  <div className="field-error">
                    {c.error?.message} {c.error?.hint}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <ImportSave
        items={items}
        announce={(result) => `Imported ${result.created.length} connection${result.created.length === 1 ? '' : 's'}.`}
        onDone={onDone}
        failedTitle="Nothing was imported"
        label={`Import ${items.length} selected`}
        busyLabel="Importing…"
        testId="import-env-save"
      />
    </div>
  );
}
