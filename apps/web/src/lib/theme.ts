import type { KeyValueStorage } from './storage';

// Theme choice: "system" follows prefers-color-scheme; "light" and "dark" are explicit
// and remembered in localStorage. The inline script in index.html reads the same key
// before first paint, so keep THEME_STORAGE_KEY in sync with it.

export type ThemePreference = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'quarterdeck.theme';

export function readThemePreference(storage: KeyValueStorage | null): ThemePreference {
  const stored = storage?.getItem(THEME_STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function writeThemePreference(storage: KeyValueStorage | null, preference: ThemePreference): void {
  if (storage === null) return;
  if (preference === 'system') storage.removeItem(THEME_STORAGE_KEY);
  else storage.setItem(THEME_STORAGE_KEY, preference);
}

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

/** The header toggle flips whatever is showing now, which makes the choice explicit. */
export function toggledTheme(current: ResolvedTheme): ResolvedTheme {
  return current === 'dark' ? 'light' : 'dark';
}
