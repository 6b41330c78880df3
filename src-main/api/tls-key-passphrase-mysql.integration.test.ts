import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Core } from '../core/core';
import { createHandlers, dispatch, type Handlers } from '../api';
import { silentLogger } from '../core/logging/logger';
import { MariaDbTls, mariadbTlsMissing } from '../../test/mariadb-tls';
import { tempDir } from '../../test/tmp';

/**
 * The MySQL side of the saved key passphrase: PyMySQL's ssl_key_password, against a private
 * MariaDB with TLS and an account that REQUIRE X509 (it must present a certificate its CA signed).
 */
describe.skipIf(mariadbTlsMissing())('an encrypted client key unlocked by the saved ssl_key_password (private MariaDB, REQUIRE X509)', () => {
  const dir = tempDir('poolscope-tlspass-my-');
  const passphrase = `My key ${randomBytes(6).toString('hex')} &=`;
  const user = 'poolscope_x509';
  const password = `X509 pw ${randomBytes(4).toString('hex')}`;
  let server: MariaDbTls;
  let core: Core;
  let handlers: Handlers;
  let encryptedKey: string;
  const call = (method: string, input: unknown): Promise<any> => dispatch(handlers, method, input, { transport: 'test' }, silentLogger);

  const create = async (name: string, key: string | null, params: Record<string, string>) => {
    const profile = {
      name,
      backend: 'mariadb',
      host: server.host,
      port: server.port,
      user,
      database: server.database,
      passwordMode: 'saved',
      tls: key === null ? { mode: 'verify-ca', ca: server.caFile } : { mode: 'verify-ca', ca: server.caFile, cert: server.clientCert, key },
      options: { params },
    };
    const r = await call('connections.create', { profile, password });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.value.id as string;
  };

  beforeAll(async () => {
    server = await MariaDbTls.create();
    await server.admin([`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}' REQUIRE X509`, `GRANT ALL ON ${server.database}.* TO '${user}'@'%'`]);
    encryptedKey = join(dir.path, 'client-enc.key');
    execFileSync('openssl', ['pkey', '-in', server.clientKey, '-aes256', '-passout', 'env:POOLSCOPE_TEST_KEY_PASS', '-out', encryptedKey], { stdio: 'ignore', env: { ...process.env, POOLSCOPE_TEST_KEY_PASS: passphrase } });
    core = new Core({ dataDir: join(dir.path, 'data'), mode: 'serve', seedDemo: false });
    handlers = createHandlers(core);
  }, 180_000);

  afterAll(async () => {
    await core?.close();
    await server?.destroy();
    dir.cleanup();
  });

  it('the account really needs the certificate: without a client key the login is refused', async () => {
    const id = await create('no key', null, {});
    const r = await call('connections.test', { testId: 'mysql-no-certificate', id });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value.ok).toBe(false);
    expect(r.value.failure.stage).toBe('auth');
  });

  it('with the saved ssl_key_password: the test and a pool connection log in with the certificate', async () => {
    const id = await create('encrypted key', encryptedKey, { ssl_key_password: passphrase });
    const test = await call('connections.test', { testId: 'mysql-tlspass-ok', id });
    expect(test.ok, JSON.stringify(test.error)).toBe(true);
    expect(test.value.failure).toBeUndefined();
    expect(test.value.facts.tls.state).toBe('in use');
    await core.pools.open(id);
    const conn = await core.pools.get(id)!.pool.checkout();
    const rows = await conn.query<{ cipher: string }>("SELECT VARIABLE_VALUE AS cipher FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'");
    await conn.release();
    await core.pools.close(id);
    expect(rows.rows[0]!.cipher).not.toBe('');
  });

  it('none saved, or a wrong one: the TLS stage names ssl_key_password', async () => {
    const missing = await call('connections.test', { testId: 'mysql-tlspass-missing', id: await create('no passphrase', encryptedKey, {}) });
    expect(missing.value.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'Client key locked', message: `The client key ${encryptedKey} is encrypted and no ssl_key_password is saved for this connection.` });
    const wrong = await call('connections.test', { testId: 'mysql-tlspass-wrong', id: await create('wrong passphrase', encryptedKey, { ssl_key_password: 'not it' }) });
    expect(wrong.value.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'Client key locked' });
    expect(wrong.value.failure.message).toMatch(/^The saved ssl_key_password does not unlock the client key/);
  });
});
