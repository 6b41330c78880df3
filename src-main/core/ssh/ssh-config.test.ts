import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/tmp';
import { readSshConfig } from './ssh-config';
import { resolveHops } from './resolve';
import { SshError } from './errors';

/**
 * ~/.ssh/config held against OpenSSH itself: every alias below is resolved by `ssh -G -F <file>`
 * and by Poolscope, and HostName, User, Port, IdentityFile (as written) and ProxyJump must agree.
 * Cases are data; adding one is one entry.
 */
const SSH = '/usr/bin/ssh';
const haveSsh = existsSync(SSH);
if (!haveSsh && process.env.CI === 'true') throw new Error('openssh-client (ssh) is missing; .ci/run installs it');

const CONFIG = `
# comment line
Host bastion
  HostName 10.0.0.5
  User ops
  Port 2200
  IdentityFile ~/.ssh/bastion_%h_%r
Host db-*
  ProxyJump bastion
  User = app
Host db-eu !db-eu-old
  HostName %h.internal.example
Host "quoted alias"
  HostName quoted.example
Host jumpchain
  ProxyJump ops@hop1:2201,hop2
  HostName final.example
Host noproxy
  ProxyJump none
  User first
  User second
Match all
  ServerAliveInterval 30
Host *
  Port 22
  IdentityFile /keys/all
  IdentityFile /keys/second
Include ${'${DIR}'}/extra.d/*.conf
`;

const EXTRA = `
Host included
  HostName inc.example
  Port 2022
`;

const ALIASES = ['bastion', 'db-eu', 'db-eu-old', 'db-us', 'other', 'jumpchain', 'noproxy', 'included', '10.1.2.3', 'BASTION'];

function sshG(file: string, alias: string): Record<string, string[]> {
  const out = execFileSync(SSH, ['-G', '-F', file, alias], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const map: Record<string, string[]> = {};
  for (const line of out.split('\n')) {
    const i = line.indexOf(' ');
    if (i < 0) continue;
    (map[line.slice(0, i)] ??= []).push(line.slice(i + 1));
  }
  return map;
}

describe.skipIf(!haveSsh)('~/.ssh/config read as `ssh -G` reads it', () => {
  const dir = tempDir('poolscope-sshcfg-');
  afterAll(() => dir.cleanup());
  const file = join(dir.path, 'config');
  mkdirSync(join(dir.path, 'extra.d'));
  writeFileSync(file, CONFIG.replace('${DIR}', dir.path));
  writeFileSync(join(dir.path, 'extra.d', '10-included.conf'), EXTRA);

  for (const alias of ALIASES) {
    it(`agrees with ssh -G for "${alias}"`, () => {
      const g = sshG(file, alias);
      const ours = readSshConfig(alias, { file, localUser: userInfo().username });
      expect({ hostname: ours.hostName, user: ours.user, port: String(ours.port), proxyjump: ours.proxyJump }).toEqual({
        hostname: g.hostname![0],
        user: g.user![0],
        port: g.port![0],
        proxyjump: g.proxyjump?.[0],
      });
      // ssh -G lists its default identities only when the config names none; every case here names some.
      expect(ours.identityFilesRaw).toEqual(g.identityfile);
    });
  }

  it('expands %h %r and ~ in IdentityFile as ssh_config(5) says (the hostname after HostName)', () => {
    const c = readSshConfig('bastion', { file, home: '/home/me', localUser: 'me' });
    expect(c.identityFiles).toEqual(['/home/me/.ssh/bastion_10.0.0.5_ops', '/keys/all', '/keys/second']);
  });

  it('expands ProxyJump chains into hops, first hop first, the profile\'s own fields winning', () => {
    const hops = resolveHops({ hops: [{ host: 'db-eu', auth: 'agent', port: 6000 }], keepAliveSec: 15, useSshConfig: true }, { file, localUser: 'me', home: dir.path });
    expect(hops.map((h) => `${h.user}@${h.host}:${h.port}`)).toEqual(['ops@10.0.0.5:2200', 'app@db-eu.internal.example:6000']);
    const chain = resolveHops({ hops: [{ host: 'jumpchain', auth: 'agent' }], keepAliveSec: 15, useSshConfig: true }, { file, localUser: 'me', home: dir.path });
    expect(chain.map((h) => `${h.user}@${h.host}:${h.port}`)).toEqual(['ops@hop1:2201', 'me@hop2:22', 'me@final.example:22']);
  });

  it('names the file and line of a malformed config, and a ProxyJump loop', () => {
    const bad = join(dir.path, 'bad');
    writeFileSync(bad, 'Host x\n  HostName "unclosed\n');
    expect(() => readSshConfig('x', { file: bad })).toThrow(SshError);
    expect(() => readSshConfig('x', { file: bad })).toThrow(`${bad} line 2`);
    const loop = join(dir.path, 'loop');
    writeFileSync(loop, 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    expect(() => resolveHops({ hops: [{ host: 'a', auth: 'agent' }], keepAliveSec: 15, useSshConfig: true }, { file: loop, localUser: 'me' })).toThrow(/loops: a → b → a/);
  });
});
