import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { SECTIONS } from '../registry';
import { extraShortcuts } from './shortcuts';

export function ShortcutsDialog() {
  const open = useStore((s) => s.shortcutsOpen);
  const setOpen = useStore((s) => s.setShortcutsOpen);
  if (!open) return null;
  const rows: Array<[string, string]> = [
    ['Ctrl+K', 'Search connections'],
    ...SECTIONS.map((s, i) => [`Ctrl+${i + 1}`, `Show ${s.label}`] as [string, string]),
    ['Alt+↑ / Alt+↓', 'Previous / next connection'],
    ...extraShortcuts.map((s) => [s.keys, s.description] as [string, string]),
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
