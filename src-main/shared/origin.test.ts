import { describe, expect, it } from 'vitest';
import { originOf } from './origin';

describe('originOf', () => {
  it('gives the app scheme its real origin (Node says "null" for non-special schemes)', () => {
    expect(new URL('app://poolscope/index.html').origin).toBe('null');
    expect(originOf('app://poolscope/index.html')).toBe('app://poolscope');
    expect(originOf('http://localhost:5173/x?y')).toBe('http://localhost:5173');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});
