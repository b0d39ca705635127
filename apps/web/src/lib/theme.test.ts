import { describe, expect, it } from 'vitest';
import { THEME_STORAGE_KEY, readThemePreference, resolveTheme, toggledTheme, writeThemePreference } from './theme';
import type { KeyValueStorage } from './storage';

function memoryStorage(): KeyValueStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

describe('theme preference', () => {
  it('follows the system until a theme is chosen', () => {
    const storage = memoryStorage();
    expect(readThemePreference(storage)).toBe('system');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });

  it('remembers an explicit choice and forgets it when set back to system', () => {
    const storage = memoryStorage();
    writeThemePreference(storage, 'dark');
    expect(storage.entries.get(THEME_STORAGE_KEY)).toBe('dark');
    expect(readThemePreference(storage)).toBe('dark');
    expect(resolveTheme('dark', false)).toBe('dark');
    writeThemePreference(storage, 'system');
    expect(storage.entries.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it('ignores a stored value it does not know', () => {
    const storage = memoryStorage();
    storage.setItem(THEME_STORAGE_KEY, 'sepia');
    expect(readThemePreference(storage)).toBe('system');
  });

  it('works without storage', () => {
    expect(readThemePreference(null)).toBe('system');
    expect(() => writeThemePreference(null, 'light')).not.toThrow();
  });

  it('toggles to the opposite of what is showing', () => {
    expect(toggledTheme('dark')).toBe('light');
    expect(toggledTheme('light')).toBe('dark');
  });
});
