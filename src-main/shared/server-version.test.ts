import { describe, expect, it } from 'vitest';
import { identifyServer, versionAtLeast, versionParts, withoutCompatPrefix } from './server-version';

describe('identifyServer', () => {
  it('tells MariaDB from MySQL by the version text', () => {
    expect(identifyServer('mysql', '10.11.19-MariaDB-0+deb12u1')).toEqual({ product: 'mariadb', version: '10.11.19', versionText: '10.11.19-MariaDB-0+deb12u1' });
    expect(identifyServer('mysql', '5.5.5-10.4.32-MariaDB')).toMatchObject({ product: 'mariadb', version: '10.4.32' });
    expect(identifyServer('mysql', '8.0.36')).toMatchObject({ product: 'mysql', version: '8.0.36' });
    expect(identifyServer('mysql', '8.0.36-0ubuntu0.22.04.1', '(Ubuntu)')).toMatchObject({ product: 'mysql' });
  });

  it('also by the comment, and keeps the text as reported behind the 5.5.5- greeting prefix', () => {
    expect(identifyServer('mysql', '10.6.16', 'mariadb.org binary distribution')).toMatchObject({ product: 'mariadb', version: '10.6.16' });
    expect(identifyServer('mysql', '5.5.5-10.4.32-MariaDB').versionText).toBe('5.5.5-10.4.32-MariaDB');
    expect(withoutCompatPrefix('5.5.5-10.11.19-MariaDB-0+deb12u1')).toBe('10.11.19-MariaDB-0+deb12u1');
    expect(withoutCompatPrefix('8.0.36')).toBe('8.0.36');
  });

  it('reads PostgreSQL server_version with its packaging note or a pre-release tag', () => {
    expect(identifyServer('postgresql', '15.20 (Debian 15.20-0+deb12u1)')).toEqual({ product: 'postgresql', version: '15.20', versionText: '15.20 (Debian 15.20-0+deb12u1)' });
    expect(identifyServer('postgresql', '16beta1').version).toBe('16beta1');
    expect(identifyServer('postgresql', '18devel').version).toBe('18devel');
    expect(identifyServer('postgresql', '9.6.24').version).toBe('9.6.24');
  });

  it('reads SQLite, and gives an empty version for text without one', () => {
    expect(identifyServer('sqlite', '3.45.1')).toEqual({ product: 'sqlite', version: '3.45.1', versionText: '3.45.1' });
    expect(identifyServer('mysql', 'unknown')).toMatchObject({ product: 'mysql', version: '' });
  });
});

describe('version comparison', () => {
  it('compares major and minor, treating pre-releases and unknowns as what their numbers say', () => {
    expect(versionParts('10.11.19')).toEqual([10, 11, 19]);
    expect(versionParts('16beta1')).toEqual([16, 0, 0]);
    expect(versionParts('')).toEqual([0, 0, 0]);
    expect(versionAtLeast('10.6.0', 10, 6)).toBe(true);
    expect(versionAtLeast('10.5.99', 10, 6)).toBe(false);
    expect(versionAtLeast('11.0', 10, 6)).toBe(true);
    expect(versionAtLeast('', 8)).toBe(false);
  });
});
