import { useState } from 'react';
import type { MethodInput, MethodOutput } from '@shared/contract';
import { bridge, toApiError, type ApiError } from '../../bridge';
import { useStore } from '../../store';
import { ErrorCallout } from '../../components/Feedback';
import { SecretNote } from './SecretNote';

export type ImportItem = MethodInput<'connections.import'>['items'][number];
type ImportResult = MethodOutput<'connections.import'>;

/**
 * The end of each import tab (a URL, a .env file): how passwords will be stored when any is given,
 * and the save button. Saving is one all-or-nothing call; on success the dialog closes and the
 * first new connection is shown, on refusal the reason stays in the dialog so nothing typed is lost.
 */
export function ImportSave({
  items,
  announce,
  onDone,
  failedTitle,
  label,
  busyLabel,
  testId,
}: {
  /** What the tab would save now; empty: nothing to save yet. */
  items: ImportItem[];
  /** The toast after saving. */
  announce(result: ImportResult): string;
  onDone(): void;
  failedTitle: string;
  label: string;
  busyLabel: string;
  testId: string;
}) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const showConnection = useStore((s) => s.showConnection);
  const toast = useStore((s) => s.toast);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const result = await bridge.call('connections.import', { items });
      toast('success', announce(result));
      onDone();
      if (result.created[0]) await showConnection(result.created[0].id);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {items.some((i) => i.password !== undefined) ? <SecretNote /> : null}
      {error ? <ErrorCallout error={error} title={failedTitle} /> : null}
      <div className="cx-row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn primary" disabled={items.length === 0 || saving} onClick={() => void save()} data-testid={testId}>
          {saving ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
