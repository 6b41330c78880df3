import { describe, expect, it } from 'vitest';
import { applyTheme, resolveTheme, type ThemeMedia, type ThemeRoot } from './theme';

function fakeRoot(): ThemeRoot & { theme?: string } {
  return {
    setAttribute(name: string, value: string) {
      if (name === 'data-theme') this.theme = value;
    },
  } as ThemeRoot & { theme?: string };
}

function fakeMedia(dark: boolean): ThemeMedia & { flip(dark: boolean): void; listeners: number } {
  const listeners = new Set<() => void>();
  let matches = dark;
  return {
    get matches() {
      return matches;
    },
    addEventListener: (_: 'change', fn: () => void) => void listeners.add(fn),
    removeEventListener: (_: 'change', fn: () => void) => void listeners.delete(fn),
    flip(next: boolean) {
      matches = next;
      for (const fn of listeners) fn();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

describe('theme', () => {
  it('resolves the preference to light or dark, asking the OS only for "system"', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('"system" sets data-theme at once and follows the OS live until stopped', () => {
    const root = fakeRoot();
    const media = fakeMedia(true);
    const stop = applyTheme('system', root, media);
    expect(root.theme).toBe('dark');
    media.flip(false);
    expect(root.theme).toBe('light');
    stop();
    expect(media.listeners).toBe(0);
    media.flip(true);
    expect(root.theme).toBe('light');
  });

  it('a pinned theme ignores the OS', () => {
    const root = fakeRoot();
    const media = fakeMedia(true);
    applyTheme('light', root, media);
    expect(root.theme).toBe('light');
    expect(media.listeners).toBe(0);
    media.flip(false);
    expect(root.theme).toBe('light');
  });
});
