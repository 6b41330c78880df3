import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { SECTIONS } from '../registry';
import { extraShortcuts } from './shortcuts';

export function ShortcutsDialog() {
  const open = useStore((s) => s.shortcutsOpen);
  const setOpen = useStore((s) => s.setShortcutsOpen);
  const desktop = useStore((s) => s.info?.mode === 'electron');
  if (!open) return null;
  const rows: Array<[string, string]> = [
    ['Ctrl+K', 'Search connections'],
    ['← / →', 'Previous / next section (in the section tabs; Home and End for the first and last)'],
    // A browser keeps Ctrl+1…9 for its own tabs, so serve mode neither takes nor offers them.
    ...(desktop ? SECTIONS.map((s, i) => [`Ctrl+${i + 1}`, `Show ${s.label}`] as [string, string]) : []),
    ['Alt+↑ / Alt+↓', 'Previous / next connection'],
    ...extraShortcuts.map((s) => [s.keys, s.description] as [string, string]),
    ['R', 'Checks: run the checks again'],
    ['S', desktop ? 'Export: save the files to a folder' : 'Export: download the files as a .zip'],
    ['[ / ]', 'Export: previous / next file'],
    ['?', 'Show this list'],
  ];
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)} testId="shortcuts-dialog">
      <table className="table">
        <tbody>
          {rows.map(([k, d]) => (
            <tr key={k}>
              <td style={{ width: 160 }}>
                <kbd>{k}</kbd>
              </td>
              <td>{d}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="faint" style={{ marginTop: 8 }}>On macOS, Cmd works wherever Ctrl is shown.</p>
    </Dialog>
  );
}
