import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureContext } from './classify';
import { StepTimeout, TestCancelled } from './abort';
import { redactor } from '../../logging/redact';
import { AppError } from '../../../shared/errors';
import { KEY_LOCKED } from '../../drivers/tls';

const pg: FailureContext = { family: 'postgresql', stage: 'auth', where: 'db.internal:5432', host: 'db.internal', isSocket: false, database: 'orders', user: 'app', timeoutMs: 10_000, tlsMode: 'prefer', passwordGiven: true };
const my: FailureContext = { ...pg, family: 'mysql', where: 'db.internal:3306' };
const sq: FailureContext = { ...pg, family: 'sqlite', stage: 'query', where: '/data/app.db', isSocket: false };
const err = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

describe('failure classification', () => {
  it('names network failures with the stage they happened in', () => {
    expect(classifyFailure(err('getaddrinfo ENOTFOUND db.internal', { code: 'ENOTFOUND' }), { ...pg, stage: 'resolve' })).toMatchObject({ kind: 'unknown-host', stage: 'resolve', code: 'ENOTFOUND' });
    const refused = classifyFailure(err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), { ...pg, stage: 'tcp' });
    expect(refused).toMatchObject({ kind: 'refused', message: 'Nothing is listening at db.internal:5432 (connection refused).' });
    expect(refused.hint).toMatch(/server is down or listens on another port/);
    expect(classifyFailure(new StepTimeout(3000, 'x'), { ...pg, stage: 'tcp' })).toMatchObject({ kind: 'timeout', message: 'Nothing answered at db.internal:5432 within 3 s.' });
    expect(classifyFailure(new StepTimeout(2500, 'x'), { ...pg, stage: 'tls' }).message).toMatch(/opened, but the PostgreSQL handshake got no answer within 2.5 s/);
    expect(classifyFailure(err('timeout expired', {}), pg)).toMatchObject({ kind: 'timeout' });
    expect(classifyFailure(err('connect ENOENT /run/x.sock', { code: 'ENOENT' }), { ...pg, stage: 'resolve', isSocket: true, where: '/run/x.sock' })).toMatchObject({ kind: 'refused', title: 'No server socket' });
    expect(classifyFailure(err('connect ENETUNREACH', { code: 'ENETUNREACH' }), { ...pg, stage: 'tcp' })).toMatchObject({ kind: 'unreachable' });
    expect(classifyFailure(new TestCancelled(), pg)).toMatchObject({ kind: 'cancelled' });
  });

  it('reads PostgreSQL SQLSTATEs', () => {
    const auth = classifyFailure(err('password authentication failed for user "app"', { code: '28P01' }), pg);
    expect(auth).toMatchObject({ kind: 'auth-failed', code: '28P01', title: 'Authentication failed' });
    expect(auth.hint).toMatch(/Check the password/);
    expect(classifyFailure(err('x', { code: '28P01' }), { ...pg, passwordGiven: false }).hint).toMatch(/No password was given/);
    expect(classifyFailure(err('database "orders" does not exist', { code: '3D000' }), pg)).toMatchObject({ kind: 'unknown-database', message: 'The database "orders" does not exist on db.internal:5432 (3D000).' });
    expect(classifyFailure(err('no pg_hba.conf entry', { code: '28000' }), pg)).toMatchObject({ kind: 'auth-failed', code: '28000' });
    expect(classifyFailure(err('sorry, too many clients already', { code: '53300' }), pg)).toMatchObject({ kind: 'server-rejected' });
  });

  it('reads MySQL error numbers', () => {
    expect(classifyFailure(err("Access denied for user 'app'@'10.0.0.1' (using password: YES)", { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045 }), my)).toMatchObject({ kind: 'auth-failed', code: '1045' });
    expect(classifyFailure(err("Access denied for user 'app'@'127.0.0.1'", { code: 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', errno: 1698 }), my)).toMatchObject({ kind: 'auth-failed', code: '1698', message: 'The server refused user "app" (1698).' });
    expect(classifyFailure(err("Unknown database 'orders'", { code: 'ER_BAD_DB_ERROR', errno: 1049 }), my)).toMatchObject({ kind: 'unknown-database', code: '1049' });
    expect(classifyFailure(err('x', { code: 'ER_DBACCESS_DENIED_ERROR', errno: 1044 }), my)).toMatchObject({ kind: 'permission-denied' });
    expect(classifyFailure(err('Too many connections', { code: 'ER_CON_COUNT_ERROR', errno: 1040 }), my)).toMatchObject({ kind: 'server-rejected' });
  });

  it('separates "no TLS at all" from certificate problems', () => {
    expect(classifyFailure(err('The server does not support SSL connections', {}), { ...pg, stage: 'tls', tlsMode: 'require' })).toMatchObject({ kind: 'tls', title: 'TLS not offered' });
    expect(classifyFailure(err('Server does not support secure connection', { code: 'HANDSHAKE_NO_SSL_SUPPORT' }), my)).toMatchObject({ kind: 'tls', title: 'TLS not offered' });
    const cert = classifyFailure(err('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), { ...pg, stage: 'tls', tlsMode: 'verify-full' });
    expect(cert).toMatchObject({ kind: 'tls', title: 'TLS handshake failed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(cert.hint).toMatch(/CA certificate/);
    expect(classifyFailure(err("Hostname/IP does not match certificate's altnames", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), pg).hint).toMatch(/not issued for "db.internal"/);
  });

  it('reads SQLite failures', () => {
    expect(classifyFailure(err('file is not a database', { code: 'SQLITE_NOTADB' }), sq)).toMatchObject({ kind: 'not-a-database' });
    expect(classifyFailure(err('ENOENT', { code: 'ENOENT' }), { ...sq, stage: 'file' })).toMatchObject({ kind: 'file-missing' });
    expect(classifyFailure(err('is a directory', { code: 'EISDIR' }), { ...sq, stage: 'file' })).toMatchObject({ kind: 'not-a-database' });
  });

  it('never repeats a password that reached an error message', () => {
    redactor.remember('classify-secret-pw-1');
    const f = classifyFailure(err('weird failure with classify-secret-pw-1 in it', {}), pg);
    expect(JSON.stringify(f)).not.toContain('classify-secret-pw-1');
    expect(f.kind).toBe('other');
  });
});

describe('a locked client key', () => {
  it('names the passphrase parameter of the backend, for a key error from OpenSSL itself', () => {
    const bad = err('error:1C800064:Provider routines::bad decrypt', { code: 'ERR_OSSL_BAD_DECRYPT' });
    expect(classifyFailure(bad, { ...pg, stage: 'tls' })).toMatchObject({ kind: 'tls', stage: 'tls', title: 'Client key locked', code: 'ERR_OSSL_BAD_DECRYPT' });
    expect(classifyFailure(bad, { ...pg, stage: 'tls' }).hint).toMatch(/sslpassword/);
    expect(classifyFailure(bad, { ...my, stage: 'tls' }).hint).toMatch(/ssl_key_password/);
  });

  it('keeps the words of the named error tlsOptions raises', () => {
    const locked = new AppError('BAD_INPUT', 'The client key /k.pem is encrypted and no sslpassword is saved for this connection.', 'Save it.', { field: 'tls', kind: KEY_LOCKED });
    expect(classifyFailure(locked, { ...pg, stage: 'tls' })).toMatchObject({ kind: 'tls', title: 'Client key locked', message: locked.message, hint: 'Save it.', code: 'TLS_KEY_PASSPHRASE' });
  });
});
