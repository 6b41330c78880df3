import { useId, useMemo, useState } from 'react';
import { groupProblem, normalizeGroup } from '@shared/groups';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { allGroups } from './tree-model';

/** Move connections to a group (new or existing), or rename a group (a new path moves it). */
export function GroupDialog() {
  const target = useStore((s) => s.groupDialog);
  if (!target) return null;
  return <GroupDialogBody key={target.mode === 'move' ? `m:${target.ids.join(',')}` : `r:${target.path}`} />;
}

function GroupDialogBody() {
  const target = useStore((s) => s.groupDialog)!;
  const close = useStore((s) => s.openGroupDialog);
  const moveToGroup = useStore((s) => s.moveToGroup);
  const renameGroup = useStore((s) => s.renameGroup);
  const connections = useStore((s) => s.connections);
  const groups = useMemo(() => allGroups(connections), [connections]);
  const [value, setValue] = useState(target.mode === 'move' ? target.current : target.path);
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const normalized = normalizeGroup(value);
  const problem = groupProblem(normalized) ?? (target.mode === 'rename' && normalized === target.path ? 'Type a different name.' : null);

  const submit = async () => {
    if (problem) return;
    setBusy(true);
    const ok = target.mode === 'move' ? await moveToGroup(target.ids, normalized) : await renameGroup(target.path, normalized);
    setBusy(false);
    if (ok) close(null);
  };

  const title = target.mode === 'move' ? `Move “${target.names[0]}”${target.names.length > 1 ? ` and ${target.names.length - 1} more` : ''} to a group` : `Rename group “${target.path}”`;
  return (
    <Dialog
      title={title}
      onClose={() => close(null)}
      testId="group-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={() => close(null)}>
            Cancel
          </button>
          <button type="submit" form="group-form" className="btn primary" disabled={!!problem || busy} data-testid="group-save">
            {target.mode === 'move' ? 'Move' : 'Rename'}
          </button>
        </>
      }
    >
      <form
        id="group-form"
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="group-input">{target.mode === 'move' ? 'Group' : 'New name'}</label>
          <input id="group-input" className="input" list={listId} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" placeholder="Production/EU" aria-describedby="group-help" data-testid="group-input" />
          <datalist id={listId}>
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <p className="field-help" id="group-help">
            {target.mode === 'move' ? 'Pick a group or type a new one; / nests (Production/EU). Leave it empty for the top level.' : 'A / nests it inside another group; empty moves its connections to the top level.'}
          </p>
          {problem && value.trim() ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
      </form>
    </Dialog>
  );
}
