import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/tmp';
import { KnownHosts } from './known-hosts';

/**
 * known_hosts lookups held against OpenSSH's own `ssh-keygen -F name -f file`: for each name,
 * whether any line matches must agree (plain, `[host]:port`, wildcards, negation, hashed lines
 * written by `ssh-keygen -H`, and lines Poolscope itself wrote when a user trusted a key).
 */
const haveKeygen = existsSync('/usr/bin/ssh-keygen');
if (!haveKeygen && process.env.CI === 'true') throw new Error('openssh-client (ssh-keygen) is missing; .ci/run installs it');

describe.skipIf(!haveKeygen)('known_hosts matching agrees with ssh-keygen -F', () => {
  const dir = tempDir('poolscope-kh-');
  afterAll(() => dir.cleanup());
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir.path, 'k')]);
  const [type, key] = readFileSync(join(dir.path, 'k.pub'), 'utf8').trim().split(' ') as [string, string];
  const plain = join(dir.path, 'known_hosts');
  writeFileSync(
    plain,
    [
      `db.example.com,10.0.0.7 ${type} ${key}`,
      `[bastion.example.com]:2222 ${type} ${key}`,
      `*.internal.example,!secret.internal.example ${type} ${key}`,
      `web?.example.org ${type} ${key}`,
      `# a comment`,
      `@cert-authority *.ca.example ${type} ${key}`,
      '',
    ].join('\n'),
  );
  const hashed = join(dir.path, 'hashed');
  writeFileSync(hashed, `hashed.example.net ${type} ${key}\n[hashed.example.net]:2200 ${type} ${key}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
  const ours = new KnownHosts([plain, hashed], join(dir.path, 'trusted'));
  ours.trust('trusted.example', 2022, type, key);

  const NAMES: Array<[string, number]> = [
    ['db.example.com', 22], ['10.0.0.7', 22], ['DB.EXAMPLE.COM', 22], ['db.example.com', 2222], ['bastion.example.com', 2222],
    ['bastion.example.com', 22], ['a.internal.example', 22], ['secret.internal.example', 22], ['web1.example.org', 22],
    ['web10.example.org', 22], ['x.ca.example', 22], ['hashed.example.net', 22], ['hashed.example.net', 2200], ['hashed.example.net', 2201],
    ['trusted.example', 2022], ['trusted.example', 22],
  ];
  const keygenFinds = (name: string) => {
    for (const f of [plain, hashed, join(dir.path, 'trusted')]) {
      try {
        if (execFileSync('ssh-keygen', ['-F', name, '-f', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(type)) {
          // ssh-keygen -F also lists @cert-authority lines; Poolscope does not use them.
          const out = execFileSync('ssh-keygen', ['-F', name, '-f', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
          if (out.split('\n').some((l) => l && !l.startsWith('#') && !l.startsWith('@cert-authority'))) return true;
        }
      } catch {
        /* exit 1: not found in this file */
      }
    }
    return false;
  };
  for (const [host, port] of NAMES) {
    it(`${host}:${port}`, () => {
      const name = port === 22 ? host : `[${host}]:${port}`;
      expect(ours.check(host, port, type, key).status === 'match').toBe(keygenFinds(name));
    });
  }

  it('a different key of the same type is a mismatch naming the file and line', () => {
    const other = readFileSync(join(dir.path, 'k.pub'), 'utf8').includes('AAAA') ? key.slice(0, -4) + 'AAAA' : key;
    expect(ours.check('bastion.example.com', 2222, type, other)).toMatchObject({ status: 'mismatch', file: plain, line: 2 });
    expect(ours.check('nowhere.example', 22, type, key).status).toBe('unknown');
  });
});
