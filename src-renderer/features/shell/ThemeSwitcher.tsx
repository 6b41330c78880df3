import { useStore } from '../../store';
import type { ThemePreference } from '../../theme';

/** Follows the OS by default; a person can pin light or dark (main.tsx applies the choice). */
export function ThemeSwitcher() {
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  return (
    <label className="row" style={{ gap: 6 }} title="Theme">
      <select className="select" style={{ height: 26, paddingRight: 4 }} aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as ThemePreference)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
