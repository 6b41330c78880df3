import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/tmp';
import { makeClientCerts } from '../../../test/client-certs';
import { AppError } from '../../shared/errors';
import { isEncryptedPem, keyUnlock, KEY_LOCKED, tlsOptions, type KeyUnlock } from './tls';

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

describe('tlsOptions: an encrypted client key and its saved passphrase', () => {
  const dir = tempDir('poolscope-tlskey-');
  afterAll(() => dir.cleanup());
  const certs = makeClientCerts(dir.path, 'right horse battery');

  it('a key in the clear needs no passphrase', () => {
    const o = tlsOptions({ mode: 'require', cert: certs.cert, key: certs.plainKey }, undefined, { param: 'sslpassword' })!;
    expect(o.key).toContain('BEGIN PRIVATE KEY');
    expect(o.passphrase).toBeUndefined();
  });

  it('prefer: a locked key does not stop the attempt (a server without TLS never needs it)', () => {
    expect(tlsOptions({ mode: 'prefer', cert: certs.cert, key: certs.encryptedKey }, undefined, { param: 'sslpassword' })).toMatchObject({ rejectUnauthorized: false });
    expect(tlsOptions({ mode: 'prefer', cert: certs.cert, key: certs.encryptedKey }, undefined, { param: 'sslpassword', passphrase: 'p' })!.passphrase).toBe('p');
  });

  it('PKCS#8 and traditional encrypted keys get the passphrase for Node TLS', () => {
    for (const key of [certs.encryptedKey, certs.traditionalKey]) {
      expect(isEncryptedPem(readFileSync(key, 'utf8'))).toBe(true);
      expect(tlsOptions({ mode: 'require', cert: certs.cert, key }, undefined, { param: 'sslpassword', passphrase: certs.passphrase })!.passphrase).toBe(certs.passphrase);
    }
    expect(isEncryptedPem(readFileSync(certs.plainKey, 'utf8'))).toBe(false);
  });

  it('no passphrase: names the key file and the parameter this backend reads', () => {
    const call = (unlock?: KeyUnlock) => () => tlsOptions({ mode: 'require', cert: certs.cert, key: certs.encryptedKey }, undefined, unlock);
    expect(call({ param: 'ssl_key_password' })).toThrow(`The client key ${certs.encryptedKey} is encrypted and no ssl_key_password is saved for this connection.`);
    expect(call({ param: 'sslpassword', passphrase: '' })).toThrow(/no sslpassword is saved/);
    let thrown: unknown = null;
    try {
      call({ param: 'sslpassword' })();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).details).toMatchObject({ kind: KEY_LOCKED });
  });

  it('a wrong passphrase: says the saved one does not unlock the key, without the value', () => {
    const call = () => tlsOptions({ mode: 'require', key: certs.encryptedKey }, undefined, { param: 'sslpassword', passphrase: 'wrong horse' });
    expect(call).toThrow(`The saved sslpassword does not unlock the client key ${certs.encryptedKey} (bad decrypt).`);
    expect(call).not.toThrow(/wrong horse/);
  });

  it('keyUnlock: sslpassword on PostgreSQL, ssl_key_password on MySQL and MariaDB', () => {
    const profile = (backend: string) => ({ backend }) as never;
    expect(keyUnlock({ profile: profile('postgresql'), tlsKeyPassphrase: 'p' })).toEqual({ param: 'sslpassword', passphrase: 'p' });
    expect(keyUnlock({ profile: profile('mariadb') })).toEqual({ param: 'ssl_key_password' });
  });
});
