import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { SshError } from './errors';
import { hostMatches } from './known-hosts';

/**
 * ~/.ssh/config read as OpenSSH reads it (ssh_config(5)): `Host` blocks with wildcard and `!`
 * patterns, the first value obtained for a keyword wins (IdentityFile accumulates), `Include`
 * with globs relative to ~/.ssh, `%h %p %r %u %d %%` and `~` in HostName and IdentityFile.
 * Only the keywords a tunnel needs are kept: HostName, User, Port, IdentityFile, ProxyJump.
 * `Match` blocks other than `Match all` are skipped (they can test commands and the network,
 * which Poolscope does not evaluate): a documented difference from OpenSSH.
 */

export interface SshConfigHost {
  /** The name asked for (an alias or a real host name). */
  alias: string;
  hostName: string;
  user: string;
  port: number;
  identityFiles: string[];
  /** IdentityFile lines as written (what `ssh -G` prints), before `%` and `~` expansion. */
  identityFilesRaw: string[];
  /** ProxyJump as written (`none` is returned as undefined). */
  proxyJump?: string;
}

export interface SshConfigEnv {
  /** The config file (default ~/.ssh/config); absent or missing means no config. */
  file?: string;
  home?: string;
  localUser?: string;
}

interface Directive {
  keyword: string;
  args: string[];
  file: string;
  line: number;
}

const KEPT = new Set(['hostname', 'user', 'port', 'identityfile', 'proxyjump']);

function tokenize(rest: string, file: string, line: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < rest.length) {
    while (i < rest.length && /\s/.test(rest[i]!)) i++;
    if (i >= rest.length) break;
    if (rest[i] === '"') {
      const end = rest.indexOf('"', i + 1);
      if (end < 0) throw new SshError('config-invalid', `${file} line ${line}: an opening quote has no closing quote.`, 'Fix the quotes in that line of the SSH config.', 0);
      out.push(rest.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < rest.length && !/\s/.test(rest[j]!)) j++;
      out.push(rest.slice(i, j));
      i = j;
    }
  }
  return out;
}

function expandTilde(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p;
}

/** Reads a file's directives, following Include (depth-limited, as OpenSSH limits it to 16). */
function readDirectives(file: string, home: string, depth: number, out: Directive[]): void {
  if (depth > 16) throw new SshError('config-invalid', `${file}: Include nested more than 16 deep.`, 'Look for an Include loop in the SSH config.', 0);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  text.split(/\r?\n/).forEach((raw, idx) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) throw new SshError('config-invalid', `${file} line ${idx + 1}: "${line}" has a keyword and no value.`, 'Fix or remove that line of the SSH config.', 0);
    const keyword = m[1]!.toLowerCase();
    const args = tokenize(m[2]!.replace(/\s+#.*$/, ''), file, idx + 1);
    if (keyword === 'include') {
      for (const pattern of args) {
        const full = isAbsolute(expandTilde(pattern, home)) ? expandTilde(pattern, home) : join(home, '.ssh', pattern);
        for (const f of globFiles(full)) readDirectives(f, home, depth + 1, out);
      }
      return;
    }
    out.push({ keyword, args, file, line: idx + 1 });
  });
}

/** Include's glob: wildcards in the last path component only (enough for `config.d/*`). */
function globFiles(path: string): string[] {
  if (!/[*?]/.test(path)) return existsSync(path) ? [path] : [];
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const re = new RegExp(`^${basename(path).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return names.filter((n) => re.test(n)).sort().map((n) => join(dir, n));
}

function hostBlockMatches(name: string, patterns: string[]): boolean {
  // ssh matches Host patterns against the name as typed, case and all (checked against ssh -G).
  return hostMatches(name, patterns.join(','), true);
}

export function readSshConfig(alias: string, env: SshConfigEnv = {}): SshConfigHost {
  const home = env.home ?? homedir();
  const localUser = env.localUser ?? userInfo().username;
  const file = env.file ?? join(home, '.ssh', 'config');
  const directives: Directive[] = [];
  readDirectives(file, home, 0, directives);
  const found = new Map<string, string[]>();
  const identityFiles: string[] = [];
  let active = true;
  for (const d of directives) {
    if (d.keyword === 'host') {
      active = hostBlockMatches(alias, d.args);
      continue;
    }
    if (d.keyword === 'match') {
      active = d.args.length === 1 && d.args[0]!.toLowerCase() === 'all';
      continue;
    }
    if (!active || !KEPT.has(d.keyword)) continue;
    if (d.args.length === 0) throw new SshError('config-invalid', `${d.file} line ${d.line}: ${d.keyword} has no value.`, 'Fix that line of the SSH config.', 0);
    if (d.keyword === 'identityfile') identityFiles.push(d.args[0]!);
    else if (!found.has(d.keyword)) found.set(d.keyword, d.args);
  }
  const portText = found.get('port')?.[0];
  const port = portText === undefined ? 22 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new SshError('config-invalid', `The SSH config gives Port ${portText} for ${alias}, which is not a port number.`, 'Fix the Port line of that Host block.', 0);
  const user = found.get('user')?.[0] ?? localUser;
  const tokens = (s: string, host: string) =>
    s.replace(/%([%hprud])/g, (_m, t: string) => ({ '%': '%', h: host, p: String(port), r: user, u: localUser, d: home })[t]!);
  // Without HostName, ssh dials the name lowercased (ssh -G BASTION prints hostname bastion).
  const hostName = tokens(found.get('hostname')?.[0] ?? alias.toLowerCase(), alias);
  const jump = found.get('proxyjump')?.[0];
  return {
    alias,
    hostName,
    user,
    port,
    identityFiles: identityFiles.map((f) => expandTilde(tokens(f, hostName), home)),
    identityFilesRaw: identityFiles,
    ...(jump && jump.toLowerCase() !== 'none' ? { proxyJump: jump } : {}),
  };
}
