import { useEffect } from 'react';
import { useStore } from '../../store';
import type { ThemePreference } from '../../store/app-slice';

/** Follows the OS by default; a person can pin light or dark. */
export function ThemeSwitcher() {
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
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
