import { describe, expect, it } from 'vitest';
import { profileInputSchema } from '@shared/profile';
import { formFromProfile, keyPassphraseParam, profileFromForm, switchBackend } from './form-model';
import { maskPasswordInText, splitAtRange } from '../url-echo';

describe('connection form model', () => {
  it('round-trips a full profile through the form without losing fields', () => {
    const input = {
      name: 'orders',
      backend: 'postgresql' as const,
      host: 'db.internal',
      port: 6432,
      database: 'orders',
      user: 'app',
      passwordMode: 'ask' as const,
      tls: { mode: 'verify-full' as const, ca: '/etc/ca.pem' },
      options: { applicationName: 'api', connectTimeoutSec: 3, params: { prepared_statement_cache_size: '0' } },
      color: '#ff0000',
      tags: ['eu', 'api'],
      group: 'Production/EU',
      notes: 'Owned by the payments team.\nReached through the bastion.',
      service: { environment: 'production' as const, workload: 'read-mostly' as const, processes: 4, concurrencyPerProcess: 20, driver: 'psycopg' as const },
      pool: { poolClass: 'NullPool' as const, poolSize: 10, maxOverflow: -1, timeout: 5, recycle: 1800, prePing: true, useLifo: true, resetOnReturn: 'commit' as const },
      ssh: { hops: [{ host: 'bastion', user: 'ops', auth: 'agent' as const }, { host: 'inner', port: 2222, auth: 'key' as const, keyFile: '/k' }], keepAliveSec: 30, useSshConfig: false },
    };
    const { profile, errors } = profileFromForm(formFromProfile(input));
    expect(errors).toEqual({});
    expect(profileInputSchema.parse(profile)).toEqual(profileInputSchema.parse(input));
  });

  it('tidies the group path and names a group nested too deep on its field', () => {
    const ok = profileFromForm({ ...formFromProfile({ backend: 'sqlite', name: 'x', database: 'a.db' }), group: ' Prod /  EU / ' });
    expect(profileInputSchema.parse(ok.profile).group).toBe('Prod/EU');
    const deep = profileFromForm({ ...formFromProfile({ backend: 'sqlite', name: 'x', database: 'a.db' }), group: 'a/b/c/d/e/f/g' });
    expect(deep.errors.group).toMatch(/at most 6 levels/);
  });

  it('names an SSH hop without a host on the SSH section', () => {
    const f = { ...formFromProfile({ backend: 'postgresql', name: 'x' }), ssh: { hops: [{ host: 'bastion', auth: 'agent' as const }, { host: ' ', auth: 'agent' as const }] } };
    expect(profileFromForm(f).errors.ssh).toBe('SSH hop 2: Name the SSH host (or a ~/.ssh/config alias)');
  });

  it('names each wrong field with what to do', () => {
    const f = { ...formFromProfile({ backend: 'postgresql' }), name: ' ', host: '', port: '99999', connectTimeoutSec: 'soon', poolSize: '-3', color: 'red' };
    const { profile, errors } = profileFromForm(f);
    expect(profile).toBeUndefined();
    expect(errors.name).toMatch(/name/);
    expect(errors.host).toMatch(/host name or IP/);
    expect(errors.port).toBe('Port must be a whole number from 1 to 65535, not "99999".');
    expect(errors.connectTimeoutSec).toMatch(/not "soon"/);
    expect(errors.poolSize).toMatch(/pool_size/);
    expect(errors.color).toMatch(/#3b82f6/);
  });

  it('asks for an absolute socket path, and a file for SQLite', () => {
    const sock = { ...formFromProfile({ backend: 'mysql' }), name: 'x', via: 'socket' as const, socket: 'mysqld.sock' };
    expect(profileFromForm(sock).errors.socket).toMatch(/absolute path/);
    const lite = { ...formFromProfile({ backend: 'sqlite' }), name: 'x', database: '' };
    expect(profileFromForm(lite).errors.database).toMatch(/:memory:/);
  });

  it('switching backend resets the defaults that do not carry over', () => {
    const pg = { ...formFromProfile({ backend: 'postgresql', user: 'postgres', database: 'app' }), name: 'x' };
    const my = switchBackend(pg, 'mariadb');
    expect(my.user).toBe('root');
    expect(my.port).toBe('');
    expect(my.database).toBe('app');
    const lite = switchBackend(my, 'sqlite');
    expect(lite.tlsMode).toBe('disable');
    expect(lite.database).toBe('');
    expect(switchBackend(lite, 'postgresql')).toMatchObject({ host: '127.0.0.1', database: 'postgres', tlsMode: 'prefer' });
  });
});

describe('URL echo', () => {
  it('hides the password with bullets of the same length, so error ranges still line up', () => {
    const text = 'postgresql+asyncpg://app:s3cr%t@db:5432/x';
    const masked = maskPasswordInText(text);
    expect(masked).toBe('postgresql+asyncpg://app:••••••@db:5432/x');
    expect(masked.length).toBe(text.length);
    expect(maskPasswordInText("host=db password='a b' user=x")).toBe("host=db password=••••• user=x");
    // Secrets in the query or among libpq keywords are hidden too (issue 15: password=, sslpassword= …).
    expect(maskPasswordInText('postgresql+asyncpg://app@db/x?password=S3cret&ssl=require&sslpassword=kp')).toBe('postgresql+asyncpg://app@db/x?password=••••••&ssl=require&sslpassword=••');
    expect(maskPasswordInText('mysql://u:pw@h/d?a=1&passwd=xyz')).toBe('mysql://u:••@h/d?a=1&passwd=•••');
    expect(maskPasswordInText("host=db sslpassword='k p' oauth_client_secret=zz")).toBe('host=db sslpassword=••••• oauth_client_secret=••');
  });

  it('splits around the error range and marks an empty range', () => {
    expect(splitAtRange('abcdef', 2, 4)).toEqual(['ab', 'cd', 'ef']);
    expect(splitAtRange('abc', 3, 3)).toEqual(['abc', ' ', '']);
  });
});

describe('saved secret parameters in the form', () => {
  const saved = { name: 'orders', backend: 'postgresql' as const, host: 'db', database: 'orders', options: { params: { target_session_attrs: 'any' }, secretParams: ['oauth_client_secret', 'sslpassword'] } };

  it('lists the saved names and, untouched, sends no list (the store keeps every saved value)', () => {
    const f = formFromProfile(saved);
    expect(f.secretParams).toEqual(['oauth_client_secret', 'sslpassword']);
    const out = profileFromForm(f).profile!;
    expect(out.options?.secretParams).toBeUndefined();
    expect(out.options?.params).toEqual({ target_session_attrs: 'any' });
  });

  it('a replaced value rides among the parameters for the store to move; an empty one keeps the saved value', () => {
    const f = formFromProfile(saved);
    expect(profileFromForm({ ...f, secretEdits: { sslpassword: { value: '' } } }).profile!.options?.params).toEqual({ target_session_attrs: 'any' });
    const out = profileFromForm({ ...f, secretEdits: { sslpassword: { value: 'new-pass' } } }).profile!;
    expect(out.options?.params).toEqual({ target_session_attrs: 'any', sslpassword: 'new-pass' });
    expect(out.options?.secretParams).toBeUndefined();
  });

  it('a forgotten one is left out of the list; names not saved are ignored', () => {
    const f = formFromProfile(saved);
    const out = profileFromForm({ ...f, secretEdits: { oauth_client_secret: { forget: true }, passwd: { value: 'x' } } }).profile!;
    expect(out.options?.secretParams).toEqual(['sslpassword']);
    expect(out.options?.params).toEqual({ target_session_attrs: 'any' });
  });
});

describe('a new client key passphrase typed in the form', () => {
  const withKey = { name: 'orders', backend: 'postgresql' as const, host: 'db', database: 'orders', tls: { mode: 'verify-full' as const, cert: '/k/c.pem', key: '/k/c.key' } };

  it('is offered under the backend\'s own name only while TLS is on and a client key is given', () => {
    const f = formFromProfile(withKey);
    expect(keyPassphraseParam(f)).toBe('sslpassword');
    expect(keyPassphraseParam(switchBackend(f, 'mariadb'))).toBe('ssl_key_password');
    expect(keyPassphraseParam({ ...f, tlsKey: ' ' })).toBeNull();
    expect(keyPassphraseParam({ ...f, tlsMode: 'disable' })).toBeNull();
  });

  it('rides among the parameters, where the store moves it into the encrypted store (create and update alike)', () => {
    const f = formFromProfile(withKey);
    const out = profileFromForm({ ...f, secretEdits: { sslpassword: { value: 'k p@ss' } } }).profile!;
    expect(out.options?.params).toEqual({ sslpassword: 'k p@ss' });
    expect(out.options?.secretParams).toBeUndefined();
  });

  it('is dropped when the key file is cleared, TLS is turned off or the backend reads another name', () => {
    const f = { ...formFromProfile(withKey), secretEdits: { sslpassword: { value: 'k' } } };
    expect(profileFromForm({ ...f, tlsKey: '' }).profile!.options?.params).toEqual({});
    expect(profileFromForm({ ...f, tlsMode: 'disable' }).profile!.options?.params).toEqual({});
    expect(profileFromForm(switchBackend(f, 'mariadb')).profile!.options?.params).toEqual({});
  });
});
