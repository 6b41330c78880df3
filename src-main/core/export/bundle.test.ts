import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, WORKLOADS, type Environment, type Workload } from '../../shared/profile';
import type { ExportFile, ExportTarget } from '../../shared/export/bundle';
import type { ServerFacts } from '../../shared/facts';
import type { IntrospectedSchema } from '../../shared/typemap-model';
import { mysqlFacts, pgBouncerFacts, pgFacts, profileFor, sqliteFacts } from '../checks/fact-fixtures';
import { generateBundle } from './bundle';
import type { ExportInput } from './context';
import { PYTHON_MISSING, pyCompileAll } from '../../../test/python';
import { formatUrl, parseUrl, profileFieldsFromParsed } from '../../shared/url';
import { parseProfile } from '../../shared/profile';

/** One server of each matrix row, measured as the fact fixtures say. */
const KINDS = {
  postgresql: () => ({ profile: profileFor('postgresql', { passwordMode: 'saved', options: { applicationName: 'orders-api' } }), facts: pgFacts() }),
  pgbouncer: () => ({ profile: profileFor('postgresql', { passwordMode: 'saved', port: 6432 }), facts: pgBouncerFacts('transaction') }),
  mysql: () => ({ profile: profileFor('mysql', { passwordMode: 'saved' }), facts: mysqlFacts({ wait_timeout: 600, auth_plugin: 'caching_sha2_password' }, { product: 'mysql', version: '8.0.36' }) }),
  mariadb: () => ({ profile: profileFor('mariadb', { passwordMode: 'saved' }), facts: mysqlFacts({ wait_timeout: 1800 }) }),
  'sqlite-file': () => ({ profile: profileFor('sqlite', { database: '/srv/app.db' }), facts: sqliteFacts(false) }),
  'sqlite-memory': () => ({ profile: profileFor('sqlite'), facts: sqliteFacts(true) }),
} satisfies Record<string, () => { profile: ExportInput['profile']; facts: ServerFacts }>;
type Kind = keyof typeof KINDS;

function bundle(kind: Kind, environment: Environment, workload: Workload, target: ExportTarget = 'python') {
  const { profile, facts } = KINDS[kind]();
  const p = { ...profile, service: { ...profile.service, environment, workload } };
  return generateBundle({ profile: p, facts, label: `${kind} service`, target, generatedAt: '2026-11-24T12:00:00.000Z' });
}

/** The bundle as one readable text, like `head` prints several files. */
const asText = (files: ExportFile[]) => files.map((f) => `==> ${f.path} <==\n${f.content}`).join('\n');
const file = (files: ExportFile[], path: string) => files.find((f) => f.path === path)?.content ?? '';

describe('config export snapshots: backend × environment × workload', () => {
  for (const kind of Object.keys(KINDS) as Kind[]) {
    for (const env of ENVIRONMENTS) {
      for (const workload of WORKLOADS) {
        it(`${kind}, ${env}, ${workload}`, async () => {
          await expect(asText(bundle(kind, env, workload).files)).toMatchFileSnapshot(`__snapshots__/python/${kind}/${env}-${workload}.txt`);
        });
      }
    }
  }
  for (const kind of ['postgresql', 'pgbouncer', 'mysql', 'mariadb'] as const) {
    for (const env of ENVIRONMENTS) {
      it(`node target: ${kind}, ${env}`, async () => {
        await expect(asText(bundle(kind, env, 'oltp', 'node').files)).toMatchFileSnapshot(`__snapshots__/node/${kind}/${env}-oltp.txt`);
      });
    }
  }
});

describe('what the files say', () => {
  it('db.py: the recommended settings, each under its measured reason, and a session factory', () => {
    const db = file(bundle('mariadb', 'production', 'oltp').files, 'db.py');
    expect(db).toContain('    # half of wait_timeout=1800 measured on mariadb 10.11.19 on 2026-11-24\n    pool_recycle=900,');
    expect(db).toContain('    pool_pre_ping=True,');
    expect(db).toContain('DATABASE_URL = os.environ["DATABASE_URL"]');
    expect(db).toContain('from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine');
    expect(db).toContain('async_session = async_sessionmaker(engine, expire_on_commit=False)');
    expect(db).not.toMatch(/QueuePool\b(?<!AsyncAdaptedQueuePool)/);
  });

  it('in-memory SQLite: StaticPool in db.py and in the tests, with a fresh schema per test', () => {
    const { files, basis } = bundle('sqlite-memory', 'test', 'oltp');
    expect(basis.testSetup?.kind).toBe('sqlite-memory');
    const conftest = file(files, 'tests/conftest.py');
    expect(conftest).toContain('poolclass=StaticPool,');
    expect(conftest).toContain('os.environ.setdefault("TEST_DATABASE_URL", "sqlite+aiosqlite://")');
    expect(conftest).toContain('await conn.run_sync(Base.metadata.drop_all)');
    expect(conftest).not.toMatch(/def event_loop/);
  });

  it('asyncpg behind PgBouncer: NullPool, the cache settings in connect_args and the URL, and no pool sizing', () => {
    const { profile, facts } = KINDS.pgbouncer();
    const b = generateBundle({ profile: { ...profile, service: { ...profile.service, driver: 'asyncpg' } }, facts, label: 'x', target: 'python', generatedAt: '2026-11-24T12:00:00Z' });
    const db = file(b.files, 'db.py');
    expect(db).toContain('    poolclass=NullPool,');
    expect(db).toContain('        "statement_cache_size": 0,');
    expect(db).toContain('        "timeout": 10,');
    expect(db).not.toContain('pool_size=');
    expect(file(b.files, '.env.example')).toMatch(/^DATABASE_URL=postgresql\+asyncpg:\/\/app:CHANGE_ME@127\.0\.0\.1:6432\/app\?prepared_statement_cache_size=0$/m);
  });

  it('asyncpg behind PgBouncer that tracks prepared statements (max_prepared_statements > 0): no cache settings, a note saying why', () => {
    const { profile } = KINDS.pgbouncer();
    const facts = pgBouncerFacts('transaction', { 'pooler.product': 'PgBouncer 1.22.1', 'pooler.max_prepared_statements': 200 });
    const b = generateBundle({ profile: { ...profile, service: { ...profile.service, driver: 'asyncpg' } }, facts, label: 'x', target: 'python', generatedAt: '2026-11-24T12:00:00Z' });
    const db = file(b.files, 'db.py');
    expect(db).toContain('    poolclass=NullPool,');
    expect(db).not.toContain('"statement_cache_size"');
    expect(db).not.toContain('"prepared_statement_name_func"');
    expect(db).toMatch(/^# Note: PgBouncer 1\.22\.1 tracks protocol-level prepared statements \(pooler\.max_prepared_statements=200 measured/m);
    expect(file(b.files, '.env.example')).toMatch(/^DATABASE_URL=postgresql\+asyncpg:\/\/app:CHANGE_ME@127\.0\.0\.1:6432\/app$/m);
  });

  it('real servers: tests roll back a transaction per test on TEST_DATABASE_URL, with the engine settings of db.py', () => {
    const { files, basis } = bundle('postgresql', 'production', 'bulk');
    expect(basis.testSetup?.kind).toBe('real-backend');
    const conftest = file(files, 'tests/conftest.py');
    expect(conftest).toContain('join_transaction_mode="create_savepoint"');
    expect(conftest).toContain('await outer.rollback()');
    expect(conftest).toContain('@pytest_asyncio.fixture(scope="session", loop_scope="session")');
    expect(file(files, '.env.example')).toMatch(/^TEST_DATABASE_URL=postgresql\+psycopg:\/\/app:CHANGE_ME@127\.0\.0\.1:5432\/app_test\?application_name=orders-api$/m);
  });

  it('.env.example: one live DATABASE_URL for the connection\'s environment, charset=utf8mb4 for MySQL, a placeholder for the password', () => {
    const env = file(bundle('mysql', 'local', 'oltp').files, '.env.example');
    expect(env.match(/^DATABASE_URL=/gm)).toHaveLength(1);
    expect(env).toMatch(/^DATABASE_URL=mysql\+asyncmy:\/\/app:CHANGE_ME@127\.0\.0\.1:3306\/app\?charset=utf8mb4$/m);
    expect(env).toContain('# DATABASE_URL=mysql+asyncmy://app:CHANGE_ME@PRODUCTION_HOST:3306/app?charset=utf8mb4');
    expect(file(bundle('mysql', 'staging', 'oltp').files, '.env.example')).toMatch(/^DATABASE_URL=mysql\+asyncmy:\/\/app:CHANGE_ME@127\.0\.0\.1:3306/m);
  });

  it('requirements: SQLAlchemy with asyncio support, the driver, and what the measured login needs', () => {
    const req = file(bundle('mysql', 'production', 'oltp').files, 'requirements.txt');
    expect(req).toMatch(/^SQLAlchemy\[asyncio\]>=2\.0,<2\.1$/m);
    expect(req).toMatch(/^asyncmy$/m);
    expect(req).toMatch(/^cryptography$/m);
    expect(file(bundle('postgresql', 'production', 'bulk').files, 'requirements.txt')).toMatch(/^psycopg\[binary\]$/m);
  });

  it('node target: pg and mysql2 pool options with the same limits, and none for SQLite', () => {
    const pg = file(bundle('postgresql', 'production', 'oltp', 'node').files, 'node/pool.ts');
    expect(pg).toContain('  max: 15,');
    expect(pg).toContain('  connectionTimeoutMillis: 30000,');
    expect(pg).toContain("pool.on('error'");
    const my = file(bundle('mariadb', 'production', 'oltp', 'node').files, 'node/pool.ts');
    expect(my).toContain('  idleTimeout: 900000,');
    expect(my).toContain('  charset: "utf8mb4",');
    expect(file(bundle('mariadb', 'production', 'oltp', 'node').files, '.env.example')).toContain('DATABASE_URL=mysql://app:CHANGE_ME@127.0.0.1:3306/app');
    expect(bundle('sqlite-file', 'local', 'oltp', 'node').files.map((f) => f.path)).toEqual(['.env.example']);
  });

  it('a line break inside a measured value cannot turn a comment into code', () => {
    const { profile } = KINDS.mariadb();
    const facts = mysqlFacts({ character_set_server: 'utf8mb4\nimport evil' });
    const db = generateBundle({ profile, facts, label: 'evil\n"""', target: 'python', generatedAt: '2026-11-24T12:00:00Z' }).files;
    for (const f of db) expect(f.content).not.toMatch(/^import evil/m);
  });
});

describe('TLS: an SSLContext in connect_args where the driver cannot take the URL\'s TLS parameters', () => {
  const CA = '/etc/ssl/db/ca.pem';
  const CLIENT = { cert: '/etc/ssl/db/client.pem', key: '/etc/ssl/db/client.key' };
  const exportOf = (profile: ExportInput['profile'], facts: ServerFacts) => generateBundle({ profile, facts, label: 'tls', target: 'python', generatedAt: '2026-11-24T12:00:00Z' }).files;
  const liveUrl = (files: ExportFile[]) => /^DATABASE_URL=(.*)$/m.exec(file(files, '.env.example'))![1]!;
  const mysqlTls = (driver: 'aiomysql' | 'asyncmy', tls: Record<string, string>) => profileFor('mariadb', { passwordMode: 'saved', tls, service: { driver } } as never);

  it('aiomysql, verify-full with a client certificate: ssl.create_default_context(cafile=…) + load_cert_chain, and no ssl_* left in the URL', () => {
    const files = exportOf(mysqlTls('aiomysql', { mode: 'verify-full', ca: CA, ...CLIENT }), mysqlFacts());
    const db = file(files, 'db.py');
    expect(db).toMatch(/^import ssl$/m);
    expect(db).toContain(`ssl_context = ssl.create_default_context(cafile="${CA}")\nssl_context.load_cert_chain("${CLIENT.cert}", keyfile="${CLIENT.key}")\n\nengine = create_async_engine(`);
    expect(db).not.toContain('check_hostname');
    expect(db).toContain('        "ssl": ssl_context,');
    expect(db).toMatch(/# aiomysql takes TLS only as an ssl\.SSLContext.*carries on without TLS when the server offers none/);
    expect(liveUrl(files)).toBe('mariadb+aiomysql://app:CHANGE_ME@127.0.0.1:3306/app?charset=utf8mb4');
    // conftest.py builds the same engine, so the tests connect the way the service does.
    expect(file(files, 'tests/conftest.py')).toContain(`ssl_context = ssl.create_default_context(cafile="${CA}")`);
  });

  it('asyncmy from an imported URL: ssl_ca + ssl_check_hostname=false is verify-ca (chain checked, name not); capath and cipher move into the context too', () => {
    const parsed = parseUrl(`mariadb+asyncmy://app@db.internal:3306/app?ssl_ca=${CA}&ssl_check_hostname=false&ssl_capath=/etc/ssl/db&ssl_cipher=ECDHE%2BAESGCM&charset=utf8mb4`);
    const profile = parseProfile({ name: 'imported', ...profileFieldsFromParsed(parsed), passwordMode: 'saved', service: { driver: 'asyncmy' } });
    expect(profile.tls).toEqual({ mode: 'verify-ca', ca: CA });
    const files = exportOf(profile, mysqlFacts());
    const db = file(files, 'db.py');
    expect(db).toContain(`ssl_context = ssl.create_default_context(cafile="${CA}", capath="/etc/ssl/db")\nssl_context.check_hostname = False\nssl_context.set_ciphers("ECDHE+AESGCM")\n`);
    expect(db).not.toContain('CERT_NONE');
    expect(liveUrl(files)).toBe('mariadb+asyncmy://app:CHANGE_ME@db.internal:3306/app?charset=utf8mb4');
  });

  it('MySQL require without a CA: encrypted, nothing verified (check_hostname off before CERT_NONE, as Python demands)', () => {
    const db = file(exportOf(mysqlTls('asyncmy', { mode: 'require' }), mysqlFacts()), 'db.py');
    expect(db).toContain('ssl_context = ssl.create_default_context()\nssl_context.check_hostname = False\nssl_context.verify_mode = ssl.CERT_NONE\n');
  });

  it('MySQL without TLS settings exports no context and no import ssl', () => {
    const db = file(exportOf(profileFor('mariadb', { passwordMode: 'saved' }), mysqlFacts()), 'db.py');
    expect(db).not.toContain('ssl');
  });

  it('asyncpg with a CA and a client certificate: the context carries them, the URL carries no ssl=', () => {
    const profile = profileFor('postgresql', { passwordMode: 'saved', tls: { mode: 'verify-full', ca: CA, ...CLIENT }, service: { driver: 'asyncpg' } } as never);
    const files = exportOf(profile, pgFacts());
    const db = file(files, 'db.py');
    expect(db).toContain(`ssl_context = ssl.create_default_context(cafile="${CA}")\nssl_context.load_cert_chain("${CLIENT.cert}", keyfile="${CLIENT.key}")\n`);
    expect(db).toContain('        "ssl": ssl_context,');
    expect(liveUrl(files)).toBe('postgresql+asyncpg://app:CHANGE_ME@127.0.0.1:5432/app');
  });

  it('asyncpg with a TLS mode only keeps ssl=<mode> in the URL, which asyncpg.connect() understands', () => {
    const files = exportOf(profileFor('postgresql', { passwordMode: 'saved', tls: { mode: 'require' }, service: { driver: 'asyncpg' } } as never), pgFacts());
    expect(file(files, 'db.py')).not.toContain('ssl_context');
    expect(liveUrl(files)).toBe('postgresql+asyncpg://app:CHANGE_ME@127.0.0.1:5432/app?ssl=require');
  });

  it('psycopg keeps libpq\'s sslmode, sslrootcert, sslcert and sslkey in the URL and needs no context', () => {
    const files = exportOf(profileFor('postgresql', { passwordMode: 'saved', tls: { mode: 'verify-ca', ca: CA, ...CLIENT }, service: { driver: 'psycopg' } } as never), pgFacts());
    expect(file(files, 'db.py')).not.toContain('ssl_context');
    const url = liveUrl(files);
    for (const p of ['sslmode=verify-ca', 'sslrootcert=%2Fetc%2Fssl%2Fdb%2Fca.pem', 'sslcert=%2Fetc%2Fssl%2Fdb%2Fclient.pem', 'sslkey=%2Fetc%2Fssl%2Fdb%2Fclient.key']) expect(url).toContain(p);
  });

  it('the profile\'s own URL (import, copy, round trip) still carries the ssl_* parameters', () => {
    const url = `mariadb+aiomysql://app@db:3306/app?charset=utf8mb4&ssl_ca=${encodeURIComponent(CA)}&ssl_cert=${encodeURIComponent(CLIENT.cert)}&ssl_key=${encodeURIComponent(CLIENT.key)}`;
    const profile = parseProfile({ name: 'x', ...profileFieldsFromParsed(parseUrl(url)), service: { driver: 'aiomysql' } });
    expect(formatUrl(profile)).toBe(url);
  });

  it.skipIf(PYTHON_MISSING)('every variant compiles', () => {
    const sources: Record<string, string> = {};
    const variants = [
      mysqlTls('aiomysql', { mode: 'verify-full', ca: CA, ...CLIENT }),
      mysqlTls('asyncmy', { mode: 'verify-ca', ca: 'C:\\certs\\ca "1".pem' }),
      mysqlTls('aiomysql', { mode: 'require' }),
      profileFor('postgresql', { passwordMode: 'saved', tls: { mode: 'verify-ca', cert: CLIENT.cert }, service: { driver: 'asyncpg' } } as never),
    ];
    variants.forEach((p, i) => {
      for (const f of exportOf(p, p.backend === 'postgresql' ? pgFacts() : mysqlFacts()).filter((x) => x.path.endsWith('.py'))) sources[`${i}/${f.path}`] = f.content;
    });
    pyCompileAll(sources);
  });
});

function withModels() {
  const { profile, facts } = KINDS.postgresql();
  const schema: IntrospectedSchema = {
    backend: 'postgresql',
    family: 'postgresql',
    serverVersion: 'PostgreSQL 15.20',
    schema: 'public',
    tables: ['tenants', 'users'].map((name) => ({
      schema: 'public',
      name,
      columns: [
        { name: 'id', ordinal: 1, nativeType: 'integer', nullable: false, default: null, autoincrement: true },
        { name: 'created_at', ordinal: 2, nativeType: 'timestamp with time zone', nullable: false, default: null, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      indexes: [],
      uniques: [],
      checks: [],
    })),
  };
  return generateBundle({ profile, facts, label: 'with models', target: 'python', generatedAt: '2026-11-24T12:00:00Z', models: { schema, tables: ['users'], variant: 'portable' } });
}

describe('models.py from the Types view', () => {
  it('holds the chosen tables only, and conftest.py imports its Base', () => {
    const b = withModels();
    expect(b.files.map((f) => f.path)).toContain('models.py');
    const models = file(b.files, 'models.py');
    expect(models).toContain("__tablename__ = 'users'");
    expect(models).not.toContain("__tablename__ = 'tenants'");
    expect(models).toContain('DateTime(timezone=True)');
    expect(file(b.files, 'tests/conftest.py')).toContain('from models import Base  # noqa: E402');
  });
});

describe.skipIf(PYTHON_MISSING)('python3 compiles every generated Python file', () => {
  it('for every backend, environment and workload', () => {
    const sources: Record<string, string> = {};
    for (const kind of Object.keys(KINDS) as Kind[]) {
      for (const env of ENVIRONMENTS) {
        for (const workload of WORKLOADS) {
          for (const f of bundle(kind, env, workload).files.filter((x) => x.path.endsWith('.py'))) sources[`${kind}/${env}-${workload}/${f.path}`] = f.content;
        }
      }
    }
    expect(Object.keys(sources).length).toBe(6 * 4 * 3 * 3);
    const models = withModels().files;
    for (const f of models.filter((x) => x.path.endsWith('.py'))) sources[`models/${f.path}`] = f.content;
    pyCompileAll(sources);
  });

  it('and the check itself fails on broken Python', () => {
    expect(() => pyCompileAll({ 'broken.py': 'def f(:\n    pass\n' })).toThrow(/broken\.py.*does not compile|does not compile[^]*broken\.py/);
  });
});
