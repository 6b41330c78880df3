import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { collectFacts } from '../checks/facts';
import { generateBundle } from './bundle';
import { PASSWORD_PLACEHOLDER, type ExportFile } from '../../shared/export/bundle';
import { parseProfile, type ProfileData } from '../../shared/profile';
import { mysqlPassword, mysqlProfile, pgPassword, pgProfile, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { tempDir } from '../../../test/tmp';
import { PgCluster, pgClusterMissing } from '../../../test/pg-cluster';
import { MariaDbTls, mariadbTlsMissing } from '../../../test/mariadb-tls';
import { makeClientCerts, type ClientCerts } from '../../../test/client-certs';
import { KEY_PASSPHRASE_ENV } from '../../shared/url-secrets';
import type { ConnectSecrets } from '../drivers/types';

/**
 * The generated db.py, imported by a real Python with SQLAlchemy 2.0 and the driver, runs SELECT 1
 * against the real servers. Where those Python packages are missing the tests are skipped with a
 * title that says exactly what is missing: never a silent pass.
 */
/** The Python made for these tests (test/python-env.ts), or python3 when it could not be made. */
const ENV = inject('python');
const PY = ENV.python ?? 'python3';

function pyImport(module: string, expr = `${module}.__version__`): string | null {
  const r = spawnSync(PY, ['-c', `import ${module}; print(${expr})`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function missing(...modules: string[]): string | null {
  if (spawnSync(PY, ['--version']).status !== 0) return ENV.reason ?? 'python3 is not installed';
  const sa = pyImport('sqlalchemy');
  const problems: string[] = [];
  if (!sa || !sa.startsWith('2.')) problems.push(`SQLAlchemy 2.0 not importable: found ${sa ?? 'none'}`);
  if (!pyImport('greenlet')) problems.push('greenlet not importable (SQLAlchemy[asyncio])');
  for (const m of modules) if (!pyImport(m, '1')) problems.push(`${m} not importable`);
  return problems.length ? problems.join('; ') : null;
}

const REASONS = {
  postgres: serverMissing('postgres') ?? missing('asyncpg'),
  psycopg: serverMissing('postgres') ?? missing('psycopg'),
  mysql: serverMissing('mysql') ?? missing('asyncmy'),
  aiomysql: serverMissing('mysql') ?? missing('aiomysql'),
  sqlite: missing('aiosqlite'),
  pytest: missing('aiosqlite', 'pytest', 'pytest_asyncio'),
  pytestPg: serverMissing('postgres') ?? missing('asyncpg', 'pytest', 'pytest_asyncio'),
  pgTls: pgClusterMissing() ?? missing('asyncpg', 'psycopg'),
  mariadbTls: mariadbTlsMissing() ?? missing('aiomysql'),
  asyncmyTls: mariadbTlsMissing() ?? missing('asyncmy'),
};
for (const [what, why] of Object.entries(REASONS)) if (why) process.stderr.write(`python runtime check skipped for ${what}: ${why}\n`);

const title = (what: string, reason: string | null) => (reason ? `${what} (SKIPPED: ${reason})` : what);
const dir = tempDir('poolscope-pyrun-');
afterAll(() => dir.cleanup());

/** Writes the bundle and returns its folder and the live DATABASE_URL of .env.example with the real password in place of the placeholder. */
async function exported(name: string, profile: ProfileData, password?: string, secrets?: ConnectSecrets): Promise<{ root: string; url: string; files: ExportFile[] }> {
  const facts = await collectFacts({ profile, ...(password ? { password } : {}), ...(secrets ? { secrets } : {}) });
  const { files } = generateBundle({ profile, facts, label: name, target: 'python', generatedAt: new Date().toISOString() });
  const root = join(dir.path, name);
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
  const env = files.find((f) => f.path === '.env.example')!.content;
  const live = /^DATABASE_URL=(.*)$/m.exec(env)![1]!;
  return { root, files, url: live.replace(`:${PASSWORD_PLACEHOLDER}@`, password ? `:${encodeURIComponent(password)}@` : '@') };
}

const SELECT_ONE = [
  'import asyncio, sys',
  'sys.path.insert(0, sys.argv[1])',
  'import db',
  'from sqlalchemy import text',
  'async def main():',
  '    async with db.async_session() as session:',
  '        print((await session.execute(text("SELECT 1"))).scalar_one())',
  '    await db.engine.dispose()',
  'asyncio.run(main())',
].join('\n');

function runSelect(root: string, url: string, sql: string, env: Record<string, string>) {
  return spawnSync(PY, ['-c', SELECT_ONE.replace('"SELECT 1"', JSON.stringify(sql)), root], { encoding: 'utf8', env: { ...process.env, ...env, DATABASE_URL: url }, timeout: 60_000 });
}

function selectOne(root: string, url: string, sql = 'SELECT 1', env: Record<string, string> = {}): string {
  const r = runSelect(root, url, sql, env);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

/** A client certificate and key the server does not ask for: enough to prove load_cert_chain reads them. */
function selfSignedClientPair(folder: string): { cert: string; key: string } {
  const cert = join(folder, 'client.pem');
  const key = join(folder, 'client.key');
  spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=poolscope client', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

describe('the generated db.py runs SELECT 1 through SQLAlchemy 2.0', () => {
  it.skipIf(REASONS.postgres)(title('on the real PostgreSQL with asyncpg', REASONS.postgres), async () => {
    const { root, url } = await exported('pg', pgProfile({ service: { driver: 'asyncpg' } }), pgPassword());
    expect(selectOne(root, url)).toBe('1');
  });

  it.skipIf(REASONS.mysql)(title('on the real MariaDB with asyncmy', REASONS.mysql), async () => {
    const { root, url } = await exported('maria', mysqlProfile(), mysqlPassword());
    expect(url).toContain('charset=utf8mb4');
    expect(selectOne(root, url)).toBe('1');
  });

  it.skipIf(REASONS.psycopg)(title('on the real PostgreSQL with psycopg', REASONS.psycopg), async () => {
    const { root, url } = await exported('pg-psycopg', pgProfile({ service: { driver: 'psycopg', workload: 'bulk' } }), pgPassword());
    expect(url).toMatch(/^postgresql\+psycopg:\/\//);
    expect(selectOne(root, url)).toBe('1');
  });

  it.skipIf(REASONS.aiomysql)(title('on the real MariaDB with aiomysql', REASONS.aiomysql), async () => {
    const { root, url } = await exported('maria-aiomysql', mysqlProfile({ service: { driver: 'aiomysql' } }), mysqlPassword());
    expect(url).toMatch(/^mariadb\+aiomysql:\/\/.*charset=utf8mb4/);
    expect(selectOne(root, url)).toBe('1');
  });

  it.skipIf(REASONS.sqlite)(title('on a SQLite file with aiosqlite', REASONS.sqlite), async () => {
    const file = join(dir.path, 'app.db');
    new Database(file).close();
    const { root, url } = await exported('sqlite', parseProfile({ name: 'sqlite', backend: 'sqlite', database: file }));
    expect(selectOne(root, url)).toBe('1');
  });

  it.skipIf(REASONS.pytest)(title('and the generated tests pass under pytest (in-memory aiosqlite)', REASONS.pytest), async () => {
    const { root } = await exported('sqlite-tests', parseProfile({ name: 'sqlite-tests', backend: 'sqlite', database: ':memory:' }));
    const r = spawnSync(PY, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  });

  it.skipIf(REASONS.pytestPg)(title('and the generated tests pass under pytest on the real PostgreSQL, each test rolled back', REASONS.pytestPg), async () => {
    const db = await tempPgDatabase();
    try {
      const { root, url } = await exported('pg-tests', pgProfile({ service: { driver: 'asyncpg', environment: 'staging' } }), pgPassword());
      const testUrl = url.replace(/\/[^/?]+(\?|$)/, `/${db.name}$1`);
      const r = spawnSync(PY, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: root, encoding: 'utf8', env: { ...process.env, TEST_DATABASE_URL: testUrl }, timeout: 120_000 });
      expect(r.stdout + r.stderr).toMatch(/1 passed/);
      expect(r.status).toBe(0);
    } finally {
      await db.drop();
    }
  });

  describe.skipIf(REASONS.pgTls)(title('TLS with a CA and a client certificate on a private PostgreSQL', REASONS.pgTls), () => {
    let cluster: PgCluster;
    // No ~/.postgresql/root.crt to fall back on: the CA must come from the exported files.
    const home = tempDir('poolscope-pyhome-');
    beforeAll(async () => {
      cluster = await PgCluster.create({ ssl: true });
    });
    afterAll(async () => {
      await cluster?.destroy();
      home.cleanup();
    });
    const tlsProfile = (driver: 'asyncpg' | 'psycopg') =>
      cluster.profile({ tls: { mode: 'verify-full', ca: cluster.certFile, ...selfSignedClientPair(home.path) }, service: { driver } });
    const SSL_IN_USE = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

    it('asyncpg: verify-full through an SSLContext in connect_args, nothing TLS in the URL', async () => {
      const { root, url, files } = await exported('pg-tls-asyncpg', tlsProfile('asyncpg'), cluster.password);
      const db = files.find((f) => f.path === 'db.py')!.content;
      expect(db).toContain(`ssl_context = ssl.create_default_context(cafile=${JSON.stringify(cluster.certFile)})`);
      expect(db).toContain('ssl_context.load_cert_chain(');
      expect(url).not.toMatch(/[?&](ssl|sslmode|sslrootcert)=/);
      expect(selectOne(root, url, SSL_IN_USE, { HOME: home.path })).toBe('True');
    });

    it('psycopg: libpq reads sslmode, sslrootcert, sslcert and sslkey from the URL', async () => {
      const { root, url, files } = await exported('pg-tls-psycopg', tlsProfile('psycopg'), cluster.password);
      expect(files.find((f) => f.path === 'db.py')!.content).not.toContain('ssl_context');
      expect(url).toMatch(/[?&]sslmode=verify-full/);
      expect(url).toMatch(/[?&]sslrootcert=/);
      expect(selectOne(root, url, SSL_IN_USE, { HOME: home.path })).toBe('True');
    });
  });

  describe.skipIf(REASONS.pgTls)(title('an encrypted client key on a private PostgreSQL that demands a client certificate', REASONS.pgTls), () => {
    let cluster: PgCluster;
    let certs: ClientCerts;
    const home = tempDir('poolscope-pykey-');
    // Characters a URL must encode, so the psycopg case proves the placeholder's replacement survives the URL.
    const passphrase = 'key p@ss/word&x=1';
    beforeAll(async () => {
      certs = makeClientCerts(home.path, passphrase);
      cluster = await PgCluster.create({ ssl: true, clientCa: certs.ca });
    });
    afterAll(async () => {
      await cluster?.destroy();
      home.cleanup();
    });
    const keyProfile = (driver: 'asyncpg' | 'psycopg') =>
      cluster.profile({ tls: { mode: 'verify-full', ca: cluster.certFile, cert: certs.cert, key: certs.encryptedKey }, options: { secretParams: ['sslpassword'] }, service: { driver } });
    const CLIENT_DN = 'SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

    it('asyncpg: db.py passes the passphrase from its environment variable to load_cert_chain; the URL has no sslpassword', async () => {
      const { root, url, files } = await exported('pg-key-asyncpg', keyProfile('asyncpg'), cluster.password, { tlsKeyPassphrase: passphrase });
      const db = files.find((f) => f.path === 'db.py')!.content;
      const env = files.find((f) => f.path === '.env.example')!.content;
      expect(db).toContain(`keyfile=${JSON.stringify(certs.encryptedKey)}, password=os.environ["${KEY_PASSPHRASE_ENV}"])`);
      expect(url).not.toContain('sslpassword');
      expect(env).toContain(`\n${KEY_PASSPHRASE_ENV}=${PASSWORD_PLACEHOLDER}\n`);
      for (const f of files) expect(f.content, f.path).not.toContain(passphrase);
      expect(selectOne(root, url, CLIENT_DN, { HOME: home.path, [KEY_PASSPHRASE_ENV]: passphrase })).toBe('/CN=poolscope_app');
      const wrong = runSelect(root, url, CLIENT_DN, { HOME: home.path, [KEY_PASSPHRASE_ENV]: `${passphrase}-wrong` });
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/SSLError|bad decrypt/i);
    });

    it('psycopg: libpq reads the passphrase from the URL, where .env.example has the placeholder', async () => {
      const { root, url, files } = await exported('pg-key-psycopg', keyProfile('psycopg'), cluster.password, { tlsKeyPassphrase: passphrase });
      expect(files.find((f) => f.path === 'db.py')!.content).not.toContain(KEY_PASSPHRASE_ENV);
      expect(files.find((f) => f.path === '.env.example')!.content).not.toContain(KEY_PASSPHRASE_ENV);
      expect(url).toContain(`sslpassword=${PASSWORD_PLACEHOLDER}`);
      for (const f of files) expect(f.content, f.path).not.toContain(passphrase);
      const withKey = (p: string) => url.replace(`sslpassword=${PASSWORD_PLACEHOLDER}`, `sslpassword=${encodeURIComponent(p)}`);
      expect(selectOne(root, withKey(passphrase), CLIENT_DN, { HOME: home.path })).toBe('/CN=poolscope_app');
      const wrong = runSelect(root, withKey(`${passphrase}-wrong`), CLIENT_DN, { HOME: home.path });
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/OperationalError.*(private key|bad decrypt)/i);
    });
  });

  describe.skipIf(REASONS.mariadbTls && REASONS.asyncmyTls)(title('TLS with a CA and a client certificate on a private MariaDB', REASONS.mariadbTls), () => {
    let server: MariaDbTls;
    beforeAll(async () => {
      server = await MariaDbTls.create();
    });
    afterAll(async () => {
      await server?.destroy();
    });
    const tlsProfile = (driver: 'aiomysql' | 'asyncmy', mode: 'verify-full' | 'require') =>
      parseProfile({
        name: 'mariadb-tls',
        backend: 'mariadb',
        host: server.host,
        port: server.port,
        user: server.user,
        database: server.database,
        passwordMode: 'saved',
        tls: mode === 'require' ? { mode } : { mode, ca: server.caFile, cert: server.clientCert, key: server.clientKey },
        service: { driver },
      });
    const CIPHER = "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'";

    for (const driver of ['aiomysql', 'asyncmy'] as const) {
      const why = driver === 'aiomysql' ? REASONS.mariadbTls : REASONS.asyncmyTls;
      it.skipIf(why)(title(`${driver}: verify-full with a client certificate through an SSLContext, no ssl_* in the URL`, why), async () => {
        const { root, url, files } = await exported(`maria-tls-${driver}`, tlsProfile(driver, 'verify-full'), server.password);
        const db = files.find((f) => f.path === 'db.py')!.content;
        expect(db).toContain(`ssl_context = ssl.create_default_context(cafile=${JSON.stringify(server.caFile)})`);
        expect(db).toContain(`ssl_context.load_cert_chain(${JSON.stringify(server.clientCert)}, keyfile=${JSON.stringify(server.clientKey)})`);
        expect(db).toContain('        "ssl": ssl_context,');
        expect(url).not.toContain('ssl_');
        expect(selectOne(root, url, CIPHER)).toMatch(/^TLS/);
      });
      it.skipIf(why)(title(`${driver}: require encrypts without checking the certificate`, why), async () => {
        const { root, url } = await exported(`maria-tls-${driver}-require`, tlsProfile(driver, 'require'), server.password);
        expect(url).not.toContain('ssl_');
        expect(selectOne(root, url, CIPHER)).toMatch(/^TLS/);
      });
    }
  });

  it('reports what is missing instead of passing silently', () => {
    // This machine's answer, whichever it is, must be a reason or a ready Python: never both empty and skipped.
    for (const why of Object.values(REASONS)) expect(why === null || why.length > 10).toBe(true);
    expect(missing('no_such_module_poolscope')).toMatch(/no_such_module_poolscope not importable/);
  });
});
