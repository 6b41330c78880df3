import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFileLogger } from './logger';
import { Redactor } from './redact';
import { tempDir } from '../../../test/tmp';

describe('file logger', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

  it('writes JSON lines with secrets redacted', () => {
    const d = tempDir();
    dirs.push(d);
    const redactor = new Redactor();
    redactor.remember('TopSecret!42');
    const log = createFileLogger({ dir: d.path, redactor });
    log.error('connect failed', { url: 'mysql+asyncmy://root:TopSecret!42@db/x', note: 'password=TopSecret!42' });
    const text = readFileSync(log.file!, 'utf8');
    expect(text).not.toContain('TopSecret!42');
    const line = JSON.parse(text.trim().split('\n')[0]!);
    expect(line).toMatchObject({ level: 'error', msg: 'connect failed' });
    expect(line.data.url).toBe('mysql+asyncmy://root:***@db/x');
  });

  it('rotates when the file grows past the limit and keeps a bounded number of files', () => {
    const d = tempDir();
    dirs.push(d);
    const log = createFileLogger({ dir: d.path, maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 200; i++) log.info('line', { i, pad: 'x'.repeat(40) });
    const files = readdirSync(d.path).sort();
    expect(files).toEqual(['poolscope.log', 'poolscope.log.1', 'poolscope.log.2']);
    for (const f of files) expect(readFileSync(join(d.path, f)).length).toBeLessThanOrEqual(2200);
    expect(readFileSync(join(d.path, 'poolscope.log'), 'utf8')).toContain('"i":199');
    expect(existsSync(join(d.path, 'poolscope.log.3'))).toBe(false);
  });

  it('drops debug lines below the level', () => {
    const d = tempDir();
    dirs.push(d);
    const log = createFileLogger({ dir: d.path, level: 'info' });
    log.debug('hidden');
    log.info('shown');
    const text = readFileSync(log.file!, 'utf8');
    expect(text).toContain('shown');
    expect(text).not.toContain('hidden');
  });
});
