import { basename } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import type { TlsMode } from '../../../shared/profile';
import { jdbcProblem, makeProfile, textOf, unsupported } from './build';
import { jdbcSecretParams, parseJdbcUrl } from './jdbc';
import type { LoadedFile, ParsedSource, RawCandidate } from './types';

/**
 * DataGrip (and every JetBrains IDE's database tool): .idea/dataSources.xml holds the shared part
 * of each data source (name, group, driver, JDBC URL, TLS); dataSources.local.xml holds the
 * per-user part (user name, SSH tunnel reference), matched by uuid. Passwords live in the OS
 * keychain or KeePass, never in these files, so none can be imported.
 */

type Node = Record<string, unknown>;
const arr = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v && typeof v === 'object' ? [v as Node] : []);
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && '#text' in (v as Node)) return text((v as Node)['#text']);
  return undefined;
};

const DRIVERS: Array<[RegExp, Backend]> = [
  [/^postgres/i, 'postgresql'],
  [/^mariadb/i, 'mariadb'],
  [/^mysql/i, 'mysql'],
  [/^sqlite/i, 'sqlite'],
];
const DBMS: Record<string, Backend> = { POSTGRES: 'postgresql', MYSQL: 'mysql', MARIADB: 'mariadb', SQLITE: 'sqlite' };
const SSL_MODES: Record<string, TlsMode> = { REQUIRE: 'require', VERIFY_CA: 'verify-ca', VERIFY_FULL: 'verify-full', PREFER: 'prefer', DISABLE: 'disable' };

function parseXml(file: LoadedFile): Node {
  const xml = (() => {
    try {
      return textOf(file.bytes, basename(file.name));
    } catch (err) {
      throw new AppError('BAD_INPUT', `${(err as Error).message} It is not DataGrip's ${basename(file.name)}.`, 'Choose dataSources.xml from the project\'s .idea folder; nothing was imported.');
    }
  })();
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new AppError('BAD_INPUT', `${basename(file.name)} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`, 'Choose dataSources.xml from the project\'s .idea folder; nothing was imported.');
  }
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, processEntities: true }).parse(xml) as Node;
}

function dataSources(root: Node): Node[] {
  return arr((root.project as Node | undefined)?.component).flatMap((c) => arr(c['data-source']));
}

export function parseDatagrip(files: LoadedFile[]): ParsedSource {
  const shared = files.filter((f) => !/\.local\.xml$/i.test(f.name));
  const local = files.filter((f) => /\.local\.xml$/i.test(f.name));
  if (shared.length === 0) throw new AppError('BAD_INPUT', 'dataSources.xml was not given (only dataSources.local.xml).', 'Choose dataSources.xml from the project\'s .idea folder, with dataSources.local.xml beside it.');
  const localByUuid = new Map<string, Node>();
  for (const f of local) for (const ds of dataSources(parseXml(f))) if (typeof ds['@uuid'] === 'string') localByUuid.set(ds['@uuid'], ds);
  const out: ParsedSource = { candidates: [], warnings: ['DataGrip keeps passwords in the OS keychain or KeePass, not in these files: enter them in Poolscope after importing.'], files: files.map((f) => f.name) };
  if (local.length === 0) out.warnings.push('dataSources.local.xml was not given, so user names are missing; add it from the same .idea folder.');
  for (const f of shared) {
    const root = parseXml(f);
    const component = arr((root.project as Node | undefined)?.component).find((c) => c['@name'] === 'DataSourceManagerImpl');
    if (!component) {
      throw new AppError('BAD_INPUT', `${basename(f.name)} is XML but has no DataSourceManagerImpl component, so it is not DataGrip's dataSources.xml.`, 'Choose dataSources.xml from the project\'s .idea folder; nothing was imported.');
    }
    for (const ds of arr(component['data-source'])) out.candidates.push(source(ds, localByUuid.get(String(ds['@uuid'] ?? '')) ?? {}));
  }
  return out;
}

function source(ds: Node, local: Node): RawCandidate {
  const uuid = String(ds['@uuid'] ?? '?');
  const origin = `data source ${uuid}`;
  const name = String(ds['@name'] ?? uuid);
  const group = typeof ds['@group'] === 'string' ? ds['@group'] : undefined;
  const driverRef = text(ds['driver-ref']) ?? '';
  const dbms = text((local['database-info'] as Node | undefined)?.['@dbms']) ?? text((ds['database-info'] as Node | undefined)?.['@dbms']);
  const url = text(ds['jdbc-url']);
  let backend = DRIVERS.find(([re]) => re.test(driverRef))?.[1] ?? (dbms ? DBMS[dbms] : undefined);
  if (!url) return unsupported(origin, name, 'This data source has no JDBC URL.', 'Add this connection by hand with "New".', group);
  let target;
  try {
    target = parseJdbcUrl(url);
  } catch (err) {
    if (!backend) return unsupported(origin, name, `DataGrip driver "${driverRef}" is not PostgreSQL, MySQL, MariaDB or SQLite.`, 'Poolscope examines those four; this data source is skipped.', group);
    return jdbcProblem(origin, name, err);
  }
  backend = backend ?? target.backend;
  const user = text(local['user-name']) ?? text(ds['user-name']);
  const notes: string[] = [];
  const ssh = (local['ssh-properties'] ?? ds['ssh-properties']) as Node | undefined;
  if (ssh && text(ssh.enabled) === 'true') {
    notes.push(`DataGrip reaches this server through an SSH tunnel (SSH configuration ${text(ssh['ssh-config-id']) ?? 'unnamed'}, kept in DataGrip's settings, not in this project). Poolscope connects directly; set up the tunnel before testing.`);
  }
  const ssl = ds['ssl-config'] as Node | undefined;
  let tls: { mode: TlsMode; ca?: string; cert?: string; key?: string } | undefined;
  if (ssl && text(ssl.enabled) !== 'false') {
    const ca = text(ssl['ca-cert']);
    const cert = text(ssl['client-cert']);
    const key = text(ssl['client-key']);
    tls = { mode: SSL_MODES[text(ssl.mode) ?? 'REQUIRE'] ?? 'require', ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  } else if (target.params.sslmode && backend === 'postgresql') {
    const m = target.params.sslmode.toLowerCase();
    if (['disable', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(m)) tls = { mode: m as TlsMode };
  }
  const comment = text(ds.comment);
  if (comment) notes.push(comment);
  const secretParams = jdbcSecretParams(url);
  return {
    origin,
    name,
    ...(group ? { group } : {}),
    ...(secretParams ? { secretParams } : {}),
    profile: makeProfile({
      name,
      backend,
      ...(target.host ? { host: target.host } : {}),
      ...(target.port ? { port: target.port } : {}),
      database: target.database,
      ...(user ? { user } : {}),
      ...(tls ? { tls } : {}),
      group: group ?? '',
      notes,
      usesPassword: !!user && text(local['secret-storage']) !== 'forget',
    }),
  };
}
