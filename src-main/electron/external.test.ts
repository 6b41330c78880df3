import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, makeExternalOpener } from './external';

describe('the one external-link opener', () => {
  it('opens http and https only', async () => {
    const opened: string[] = [];
    const open = makeExternalOpener(async (url) => void opened.push(url));
    await open('https://docs.sqlalchemy.org/en/20/core/pooling.html');
    await open('http://localhost:8080/');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'app://poolscope/index.html', 'smb://host/share', 'vscode://x', 'not a url', 'data:text/html,<b>x</b>']) {
      expect(isSafeExternalUrl(bad)).toBe(false);
      await expect(open(bad)).rejects.toThrow(/only http\(s\) links are opened/);
    }
    expect(opened).toEqual(['https://docs.sqlalchemy.org/en/20/core/pooling.html', 'http://localhost:8080/']);
  });
});
