import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/tmp';
import { tlsOptions } from './tls';

describe('tlsOptions: what each TLS mode verifies', () => {
  const dir = tempDir('poolscope-tls-');
  afterAll(() => dir.cleanup());
  const ca = join(dir.path, 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n');

  it('disable: no TLS at all', () => {
    expect(tlsOptions({ mode: 'disable' })).toBeNull();
  });

  it('prefer and require without a CA: encrypted, nothing verified', () => {
    expect(tlsOptions({ mode: 'prefer' })).toMatchObject({ rejectUnauthorized: false });
    expect(tlsOptions({ mode: 'require' }, 'db.internal')).toEqual({ rejectUnauthorized: false });
  });

  it('require with a CA verifies the chain but not the host name (libpq with a root certificate; the exported SSLContext)', () => {
    const o = tlsOptions({ mode: 'require', ca }, 'db.internal')!;
    expect(o.rejectUnauthorized).toBe(true);
    expect(o.ca).toContain('BEGIN CERTIFICATE');
    expect(o.checkServerIdentity?.('other.host', {} as never)).toBeUndefined();
  });

  it('verify-ca: chain only; verify-full: chain and host name', () => {
    const vca = tlsOptions({ mode: 'verify-ca', ca }, 'db.internal')!;
    expect(vca.rejectUnauthorized).toBe(true);
    expect(vca.checkServerIdentity).toBeTypeOf('function');
    const full = tlsOptions({ mode: 'verify-full', ca }, 'db.internal')!;
    expect(full).toMatchObject({ rejectUnauthorized: true, servername: 'db.internal' });
    expect(full.checkServerIdentity).toBeUndefined();
  });

  it('an unreadable CA file is a clear input error naming the file', () => {
    expect(() => tlsOptions({ mode: 'require', ca: join(dir.path, 'missing.pem') })).toThrow(/CA certificate file .*missing\.pem could not be read/);
  });
});
