import { describe, expect, it } from 'vitest';
import type { ExportFile } from '../../shared/export/bundle';
import type { PyDriver } from '../../shared/backends';
import { KEY_PASSPHRASE_ENV } from '../../shared/url-secrets';
import { mysqlFacts, pgFacts, profileFor } from '../checks/fact-fixtures';
import { generateBundle } from './bundle';
import { PYTHON_MISSING, pyCompileAll } from '../../../test/python';

/**
 * A client key with a saved passphrase: the export names where the service's own passphrase goes,
 * never the saved value. asyncpg, aiomysql and asyncmy take it only inside the SSLContext (db.py
 * reads DATABASE_SSL_KEY_PASSPHRASE); psycopg reads libpq's sslpassword from the URL.
 */
const CLIENT = { mode: 'verify-full', ca: '/etc/ssl/db/ca.pem', cert: '/etc/ssl/db/client.pem', key: '/etc/ssl/db/client.key' };

function exportOf(driver: PyDriver, secretParams: string[], tls: Record<string, string> = CLIENT): ExportFile[] {
  const mysql = driver === 'aiomysql' || driver === 'asyncmy';
  const profile = profileFor(mysql ? 'mariadb' : 'postgresql', { passwordMode: 'saved', tls, options: { secretParams }, service: { driver } } as never);
  return generateBundle({ profile, facts: mysql ? mysqlFacts() : pgFacts(), label: 'key', target: 'python', generatedAt: '2026-11-24T12:00:00Z' }).files;
}

const file = (files: ExportFile[], path: string) => files.find((f) => f.path === path)?.content ?? '';
const liveUrl = (files: ExportFile[]) => /^DATABASE_URL=(.*)$/m.exec(file(files, '.env.example'))![1]!;
const LOAD = `ssl_context.load_cert_chain("${CLIENT.cert}", keyfile="${CLIENT.key}", password=os.environ["${KEY_PASSPHRASE_ENV}"])`;

describe('export of a client key with a saved passphrase', () => {
  for (const [driver, param] of [['asyncpg', 'sslpassword'], ['aiomysql', 'ssl_key_password'], ['asyncmy', 'ssl_key_password']] as const) {
    it(`${driver}: db.py hands the passphrase from ${KEY_PASSPHRASE_ENV} to load_cert_chain; the URL has no ${param}`, () => {
      const files = exportOf(driver, [param]);
      const db = file(files, 'db.py');
      expect(db).toContain(LOAD);
      expect(db).toMatch(/^import os$/m);
      // conftest.py builds the same engine, so the tests need the same variable.
      expect(file(files, 'tests/conftest.py')).toContain(LOAD);
      expect(liveUrl(files)).not.toContain(param);
      const env = file(files, '.env.example');
      expect(env).toMatch(new RegExp(`^${KEY_PASSPHRASE_ENV}=CHANGE_ME$`, 'm'));
      expect(env).toContain(`replace each CHANGE_ME with the real password, ${KEY_PASSPHRASE_ENV};`);
      expect(env).not.toContain(`${param}=`);
    });
  }

  it('psycopg: the URL carries sslpassword=CHANGE_ME for libpq; db.py builds no context and .env.example no extra variable', () => {
    const files = exportOf('psycopg', ['sslpassword']);
    expect(file(files, 'db.py')).not.toContain('ssl_context');
    expect(liveUrl(files)).toContain('sslpassword=CHANGE_ME');
    expect(file(files, '.env.example')).not.toContain(KEY_PASSPHRASE_ENV);
    expect(file(files, '.env.example')).toContain('replace each CHANGE_ME with the real password, sslpassword;');
  });

  it('only the backend\'s own name counts: a stray ssl_key_password on PostgreSQL adds no password= (and asyncpg still gets no secret in its URL but that one)', () => {
    const files = exportOf('asyncpg', ['ssl_key_password']);
    expect(file(files, 'db.py')).not.toContain('password=os.environ');
    expect(file(files, '.env.example')).not.toContain(KEY_PASSPHRASE_ENV);
  });

  it('asyncpg with a passphrase but no client certificate: nothing to unlock, and still no sslpassword in the URL', () => {
    const files = exportOf('asyncpg', ['sslpassword'], { mode: 'require' });
    expect(liveUrl(files)).toBe('postgresql+asyncpg://app:CHANGE_ME@127.0.0.1:5432/app?ssl=require');
    expect(file(files, '.env.example')).not.toContain(KEY_PASSPHRASE_ENV);
  });

  it('without a saved passphrase load_cert_chain takes none', () => {
    expect(file(exportOf('asyncpg', []), 'db.py')).toContain(`ssl_context.load_cert_chain("${CLIENT.cert}", keyfile="${CLIENT.key}")\n`);
  });

  it.skipIf(PYTHON_MISSING)('the generated files compile', () => {
    const sources: Record<string, string> = {};
    for (const driver of ['asyncpg', 'aiomysql', 'asyncmy'] as const) {
      const files = exportOf(driver, [driver === 'asyncpg' ? 'sslpassword' : 'ssl_key_password']);
      sources[`${driver}_db.py`] = file(files, 'db.py');
      sources[`${driver}_conftest.py`] = file(files, 'tests/conftest.py');
    }
    expect(() => pyCompileAll(sources)).not.toThrow();
  });
});
