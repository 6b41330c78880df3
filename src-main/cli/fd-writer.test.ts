import { describe, expect, it } from 'vitest';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/tmp';
import { fdWriter } from './fd-writer';

describe('fdWriter', () => {
  it('writes the text to the descriptor, in order, without touching the stream', () => {
    const d = tempDir();
    const file = join(d.path, 'out.txt');
    const fd = openSync(file, 'w');
    try {
      const streamed: unknown[] = [];
      const write = fdWriter(fd, () => ({ write: (b: unknown) => streamed.push(b) }) as unknown as NodeJS.WritableStream);
      write('NAME  BACKEND\n');
      write('Démo  SQLite ✓\n');
      closeSync(fd);
      expect(readFileSync(file, 'utf8')).toBe(process.platform === 'win32' ? '' : 'NAME  BACKEND\nDémo  SQLite ✓\n');
      if (process.platform !== 'win32') expect(streamed).toEqual([]);
    } finally {
      d.cleanup();
    }
  });

  it('hands the text, and all after it, to the stream when the descriptor refuses it', () => {
    const noSuchFd = 2 ** 30; // writing fails (EBADF), as to a closed or full pipe
    const streamed: string[] = [];
    const write = fdWriter(noSuchFd, () => ({ write: (b: Buffer | string) => streamed.push(b.toString()) }) as unknown as NodeJS.WritableStream);
    write('first\n');
    write('second\n');
    expect(streamed).toEqual(['first\n', 'second\n']);
  });
});
