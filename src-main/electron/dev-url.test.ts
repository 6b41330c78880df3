import { describe, expect, it } from 'vitest';
import { rendererDevUrl } from './dev-url';

describe('ELECTRON_RENDERER_URL (issue 15: it was honoured in every build, and its origin trusted for IPC)', () => {
  it('is ignored in a production build, whatever it says', () => {
    expect(rendererDevUrl('http://localhost:5173', false)).toBeUndefined();
    expect(rendererDevUrl('https://evil.example', false)).toBeUndefined();
  });

  it('is honoured in a development build only for the local dev server', () => {
    expect(rendererDevUrl('http://localhost:5173', true)).toBe('http://localhost:5173');
    expect(rendererDevUrl('http://127.0.0.1:5173/', true)).toBe('http://127.0.0.1:5173/');
    expect(rendererDevUrl('https://evil.example', true)).toBeUndefined();
    expect(rendererDevUrl('http://evil.example:5173', true)).toBeUndefined();
    expect(rendererDevUrl('file:///tmp/x.html', true)).toBeUndefined();
    expect(rendererDevUrl('http://user:pw@localhost:5173', true)).toBeUndefined();
    expect(rendererDevUrl('not a url', true)).toBeUndefined();
    expect(rendererDevUrl(undefined, true)).toBeUndefined();
  });
});
