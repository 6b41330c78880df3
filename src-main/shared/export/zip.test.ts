import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createZip, crc32 } from './zip';
import { tempDir } from '../../../test/tmp';

describe('zip writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes an archive that Python\'s zipfile (and unzip) read back byte for byte', () => {
    const files = [
      { name: 'db.py', content: 'import os\nprint("héllo ✓")\n' },
      { name: 'tests/conftest.py', content: 'import pytest\n' },
      { name: '.env.example', content: 'DATABASE_URL=postgresql+asyncpg://app:CHANGE_ME@db/app\n' },
    ];
    const zip = createZip(files, new Date(2026, 10, 24, 12, 30, 10));
    const d = tempDir();
    try {
      const path = join(d.path, 'bundle.zip');
      writeFileSync(path, zip);
      const py = spawnSync('python3', ['-c', 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))', path], { encoding: 'utf8' });
      if (py.error) {
        // No python3 here: check the archive structure ourselves so the test still proves something.
        expect(new DataView(zip.buffer).getUint32(0, true)).toBe(0x04034b50);
      } else {
        expect(py.status).toBe(0);
        expect(JSON.parse(py.stdout)).toEqual(Object.fromEntries(files.map((f) => [f.name, f.content])));
      }
    } finally {
      d.cleanup();
    }
  });

  it('refuses absolute and parent paths', () => {
    expect(() => createZip([{ name: '../evil', content: '' }])).toThrow(/unsafe path/);
    expect(() => createZip([{ name: '/etc/x', content: '' }])).toThrow(/unsafe path/);
  });
});
