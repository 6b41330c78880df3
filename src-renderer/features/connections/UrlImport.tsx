import { useMemo, useState } from 'react';
import { BACKEND_INFO, PY_DRIVER_INFO } from '@shared/backends';
import { ENVIRONMENTS, describeTarget, type Environment, type ProfileInput } from '@shared/profile';
import { UrlError, parseConnectionString, profileFieldsFromParsed, type ParsedConnection } from '@shared/url';
import { maskPasswordInText, splitAtRange } from './url-echo';
import { ImportSave, type ImportItem } from './ImportSave';
import { ServiceUrlImport } from './ServiceUrlImport';

function parse(text: string): { parsed?: ParsedConnection; error?: UrlError } {
  if (!text.trim()) return {};
  try {
    return { parsed: parseConnectionString(text) };
  } catch (err) {
    if (err instanceof UrlError) return { error: err };
    return { error: new UrlError((err as Error).message, 'input', 0, 0, 'Check the URL.') };
  }
}

export function defaultName(p: ParsedConnection): string {
  if (p.backend === 'sqlite') return `SQLite ${p.database === ':memory:' ? '(memory)' : p.database.split('/').pop()}`;
  return `${p.database || BACKEND_INFO[p.backend].label} on ${p.host ?? p.socket ?? 'localhost'}`;
}

/** A pasted SQLAlchemy URL or libpq string, parsed as you type; an error underlines the part it is about. */
export function UrlImport({ onDone }: { onDone(): void }) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('local');
  const { parsed, error } = useMemo(() => parse(text), [text]);
  // service=NAME needs this machine's service files: the main process resolves it (and keeps any password).
  const service = parsed?.backend === 'postgresql' ? parsed.options.params.service : undefined;
  const shown = maskPasswordInText(text.trim());
  const items: ImportItem[] = [];
  if (parsed) {
    const profile: ProfileInput = {
      ...profileFieldsFromParsed(parsed, { withSecretValues: true }),
      name: name.trim() || defaultName(parsed),
      service: { environment, ...(parsed.driver ? { driver: parsed.driver } : {}) },
    };
    items.push({ profile, ...(parsed.password !== undefined ? { password: parsed.password } : {}) });
  }

  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="cx-url">Connection URL or libpq string</label>
        <input
          id="cx-url"
          className="input cx-url-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="postgresql+asyncpg://app:secret@db.example.com:5432/orders"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? 'true' : 'false'}
          aria-describedby="cx-url-feedback"
          data-testid="import-url-input"
        />
      </div>
      <div id="cx-url-feedback" aria-live="polite">
        {error ? (
          <div className="stack" style={{ gap: 6 }} data-testid="import-url-error" data-part={error.part}>
            <div className="cx-echo" aria-hidden="true">
              {(() => {
                const [a, b, c] = splitAtRange(shown, error.start, error.end);
                return (
                  <>
                    {a}
                    <mark data-testid="import-url-error-mark">{b}</mark>
                    {c}
                  </>
                );
              })()}
            </div>
            <p className="field-error" role="alert">
              {error.message} <span className="muted">({error.part})</span>
            </p>
            <p className="field-help">{error.hint}</p>
          </div>
        ) : null}
        {parsed && !service ? <Preview parsed={parsed} /> : null}
        {!text.trim() ? <p className="field-help">Paste a SQLAlchemy URL (postgresql+asyncpg://, mysql+asyncmy://, sqlite+aiosqlite:///app.db) or a libpq string (host=… dbname=…).</p> : null}
      </div>
      {service ? <ServiceUrlImport text={text.trim()} onDone={onDone} /> : null}
      {parsed && !service ? (
        <div className="cx-grid">
          <div className="field">
            <label htmlFor="cx-url-name">Name</label>
            <input id="cx-url-name" className="input" value={name} placeholder={defaultName(parsed)} onChange={(e) => setName(e.target.value)} data-testid="import-url-name" />
          </div>
          <div className="field">
            <label htmlFor="cx-url-env">Environment</label>
            <select id="cx-url-env" className="select" value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
              {ENVIRONMENTS.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {service ? null : (
        <ImportSave
          items={items}
          announce={(result) => `Imported “${result.created[0]!.name}”${result.renamed.length ? ' (the name was taken, so a number was added)' : ''}.`}
          onDone={onDone}
          failedTitle="Not imported"
          label="Save connection"
          busyLabel="Saving…"
          testId="import-url-save"
        />
      )}
    </div>
  );
}

function Preview({ parsed }: { parsed: ParsedConnection }) {
  const p = parsed;
  const params = Object.entries(p.options.params);
  return (
    <div className="stack" style={{ gap: 6 }}>
      <dl className="cx-preview" data-testid="import-url-preview">
        <dt>Backend</dt>
        <dd>
          {BACKEND_INFO[p.backend].label}
          {p.driver ? ` · ${PY_DRIVER_INFO[p.driver].label}` : p.syncDriver ? ` · ${p.syncDriver} (synchronous)` : ' · no driver named'}
        </dd>
        <dt>{p.backend === 'sqlite' ? 'File' : 'Target'}</dt>
        <dd className="mono">{describeTarget({ ...p, database: p.database })}</dd>
        {p.backend !== 'sqlite' ? (
          <>
            <dt>User</dt>
            <dd>{p.user ?? <span className="faint">(none)</span>}</dd>
            <dt>Password</dt>
            <dd data-testid="import-url-password">{p.password !== undefined ? 'given: it will be saved encrypted, never shown' : <span className="faint">(none)</span>}</dd>
            <dt>TLS</dt>
            <dd>{p.tls.mode}</dd>
          </>
        ) : null}
        {p.options.charset ? (
          <>
            <dt>charset</dt>
            <dd>{p.options.charset}</dd>
          </>
        ) : null}
        {p.options.applicationName ? (
          <>
            <dt>application_name</dt>
            <dd>{p.options.applicationName}</dd>
          </>
        ) : null}
        {p.secretParams ? (
          <>
            <dt>Secret parameters</dt>
            <dd data-testid="import-url-secret-params">{Object.keys(p.secretParams).join(', ')}: saved encrypted, never shown</dd>
          </>
        ) : null}
        {params.length ? (
          <>
            <dt>Other parameters</dt>
            <dd className="mono">{params.map(([k, v]) => `${k}=${v}`).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {p.warnings.map((w) => (
        <p key={w} className="cx-note warn">
          {w}
        </p>
      ))}
    </div>
  );
}
