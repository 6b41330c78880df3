/**
 * The theme is resolved here, never in CSS: <html data-theme> is always "light" or "dark", taken
 * from the saved preference or, for "system", from the OS (and again whenever the OS switches).
 * The stylesheets then need one dark block instead of a media query plus an attribute rule.
 */
export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const THEME_KEY = 'poolscope.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** What applyTheme needs from <html> and from matchMedia (narrow, so it can be tested without a DOM). */
export interface ThemeRoot {
  setAttribute(name: string, value: string): void;
}
export interface ThemeMedia {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
  removeEventListener(type: 'change', listener: () => void): void;
}

export function storedThemePreference(): ThemePreference {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(THEME_KEY) : null;
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function saveThemePreference(preference: ThemePreference): void {
  localStorage.setItem(THEME_KEY, preference);
}

export function resolveTheme(preference: ThemePreference, systemDark: boolean): Theme {
  return preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
}

/** Sets data-theme now; for "system" also on every OS switch until the returned function is called. */
export function applyTheme(preference: ThemePreference, root: ThemeRoot = document.documentElement, media: ThemeMedia = window.matchMedia(DARK_QUERY)): () => void {
  const set = () => root.setAttribute('data-theme', resolveTheme(preference, media.matches));
  set();
  if (preference !== 'system') return () => undefined;
  media.addEventListener('change', set);
  return () => media.removeEventListener('change', set);
}
