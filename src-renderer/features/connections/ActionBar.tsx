import { useEffect, useState } from 'react';
import type { SectionProps } from '../registry';
import { bridge, toApiError } from '../../bridge';
import { useStore } from '../../store';
import { CopyButton } from '../../components/CopyButton';
import { profileForEditor } from './editor-input';

/** Edit, duplicate, copy the URL, delete: for the connection on screen. */
export function ActionBar({ profile }: SectionProps) {
  const openEditor = useStore((s) => s.openEditor);
  const duplicate = useStore((s) => s.duplicate);
  const requestDelete = useStore((s) => s.requestDelete);
  const toast = useStore((s) => s.toast);
  const [url, setUrl] = useState<{ url: string; masked: boolean } | null>(null);

  useEffect(() => {
    let live = true;
    setUrl(null);
    bridge.call('connections.url', { id: profile.id }).then(
      (u) => live && setUrl(u),
      () => live && setUrl(null),
    );
    return () => {
      live = false;
    };
  }, [profile.id, profile.updatedAt]);

  const copyWithPassword = async () => {
    try {
      await bridge.call('connections.copyUrlWithPassword', { id: profile.id });
      toast('success', 'Copied the URL with its password. Paste it somewhere safe.');
    } catch (err) {
      const e = toApiError(err);
      toast('error', `${e.message} ${e.hint}`);
    }
  };

  return (
    <div className="card" data-testid="connection-actions">
      <div className="cx-actions" role="toolbar" aria-label="Connection actions">
        <button type="button" className="btn small" onClick={() => openEditor({ mode: 'edit', id: profile.id, initial: profileForEditor(profile), hasPassword: profile.hasPassword })} data-testid="action-edit">
          Edit
        </button>
        <button type="button" className="btn small" onClick={() => void duplicate(profile.id)} data-testid="action-duplicate">
          Duplicate
        </button>
        <CopyButton label="Copy URL" testId="action-copy-url" text={async () => (await bridge.call('connections.url', { id: profile.id })).url} />
        {profile.hasPassword ? (
          <button type="button" className="btn small" onClick={() => void copyWithPassword()} data-testid="action-copy-url-password" title="Copies the URL including the saved password">
            Copy URL with password…
          </button>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="btn small danger"
          onClick={() => requestDelete({ id: profile.id, name: profile.name, production: profile.service.environment === 'production' })}
          data-testid="action-delete"
        >
          Delete
        </button>
      </div>
      {url ? (
        <p className="cx-url" style={{ marginTop: 10 }} data-testid="connection-url" aria-label="SQLAlchemy URL">
          {url.url}
          {url.masked ? <span className="faint"> (password masked)</span> : null}
        </p>
      ) : null}
    </div>
  );
}
