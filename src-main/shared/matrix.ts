import { isMemorySqliteProfile, type Backend, type PyDriver } from './backends';
import { PRODUCT_LABELS, factBoolean, factString, type ServerFacts } from './facts';
import { versionAtLeast } from './server-version';
import type { Environment, Workload } from './profile';
import type { PythonPoolClass } from './advice';

/**
 * The driver selection matrix (the guide's closing table) as data: server kind × environment ×
 * workload → driver, URL scheme and pool class, with the reasoning for each cell. The matrix view
 * draws it and the recommendation engine reads the same cells, so they never disagree.
 *
 * Where facts.md corrects the guide, the cells follow facts.md and say so in their reasoning: async
 * engines need AsyncAdaptedQueuePool (not QueuePool), and a file SQLite database gets
 * AsyncAdaptedQueuePool by default. The PgBouncer row is Poolscope's own, from facts.md.
 */

export const SERVER_KINDS = ['postgresql', 'postgresql-pooler', 'mysql-compat', 'mysql8-mariadb', 'sqlite-file', 'sqlite-memory'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** The guide has two environment columns: production and test/local. */
export type EnvGroup = 'production' | 'test';

export function envGroupOf(env: Environment): EnvGroup {
  return env === 'production' || env === 'staging' ? 'production' : 'test';
}

export interface MatrixRow {
  kind: ServerKind;
  label: string;
  /** The guide's row this comes from, or null for Poolscope's own row. */
  guideRow: string | null;
  /** How Poolscope recognises a server of this kind. */
  detection: string;
}

export const MATRIX_ROWS: MatrixRow[] = [
  { kind: 'postgresql', label: 'PostgreSQL', guideRow: 'PostgreSQL (OLTP / API), PostgreSQL (bulk / COPY)', detection: 'A PostgreSQL server reached directly (or through a pooler in session mode).' },
  {
    kind: 'postgresql-pooler',
    label: 'PostgreSQL behind PgBouncer (transaction mode)',
    guideRow: null,
    detection: 'The backend key the client received differs from pg_backend_pid(), or the PgBouncer admin console answers; pool_mode transaction or statement (or not readable).',
  },
  { kind: 'mysql-compat', label: 'MySQL 5.7 / MariaDB before 10.6', guideRow: 'MySQL 5.7 / 8.x (wide compat)', detection: 'VERSION() below 8.0 (MySQL) or below 10.6 (MariaDB).' },
  { kind: 'mysql8-mariadb', label: 'MySQL 8+ / MariaDB 10.6+', guideRow: 'MySQL 8 / MariaDB 10.6+', detection: 'VERSION() 8.0 or later, or MariaDB 10.6 or later ("MariaDB" in the version text).' },
  { kind: 'sqlite-file', label: 'SQLite file (embedded / CLI)', guideRow: 'SQLite (file) — embedded / CLI', detection: 'A SQLite database file.' },
  { kind: 'sqlite-memory', label: 'SQLite in memory (tests / CI)', guideRow: 'SQLite (memory) — tests / CI only', detection: 'sqlite+aiosqlite:// with no file (":memory:").' },
];

export interface MatrixCell {
  kind: ServerKind;
  workload: Workload;
  envGroup: EnvGroup;
  /** null: this kind does not belong in this environment (in-memory SQLite in production). */
  driver: PyDriver | null;
  scheme: string;
  poolClass: PythonPoolClass;
  /** The pool class with what goes with it, as shown in the grid. */
  poolLabel: string;
  /** The guide's test/local wording, or the other acceptable choices. */
  alternatives: string;
  reasoning: string[];
  /** Driver arguments this cell needs, e.g. prepare_threshold=None behind PgBouncer. */
  connectArgs: Array<{ key: string; python: string; where: 'connect_args' | 'url' }>;
  source: string;
}

type CellSpec = Omit<MatrixCell, 'kind' | 'workload' | 'envGroup'>;

const ASYNC_POOL = 'create_async_engine picks AsyncAdaptedQueuePool when poolclass is left out; the guide\'s "QueuePool" is that pool, and passing plain QueuePool to an async engine is an error ("Pool class QueuePool cannot be used with asyncio engine").';
const RECYCLE = 'MySQL and MariaDB close connections idle longer than wait_timeout: set pool_recycle to at most half of it and pool_pre_ping=True (MySQL 8.0.28+ reports the idle close as error 4031).';
const CHARSET = 'Add ?charset=utf8mb4 to the URL: utf8/utf8mb3 and latin1 cannot store 4-byte characters such as emoji.';
const SQLITE_TEST = 'aiosqlite for fast tests only works with portable models (no ARRAY, JSONB or other PostgreSQL-only types).';

const pgOltp: CellSpec = {
  driver: 'asyncpg',
  scheme: 'postgresql+asyncpg://',
  poolClass: 'default',
  poolLabel: 'default (AsyncAdaptedQueuePool)',
  alternatives: 'asyncpg, or aiosqlite for fast tests',
  reasoning: ['asyncpg speaks PostgreSQL\'s binary protocol natively on asyncio: the guide\'s choice for OLTP and API traffic.', ASYNC_POOL],
  connectArgs: [],
  source: 'Guide matrix: PostgreSQL (OLTP / API)',
};

const pgBulk: CellSpec = {
  ...pgOltp,
  driver: 'psycopg',
  scheme: 'postgresql+psycopg://',
  alternatives: 'psycopg 3, or aiosqlite for fast tests',
  reasoning: ['psycopg 3 has first-class COPY support (cursor.copy()): the guide\'s choice for bulk loads.', ASYNC_POOL],
  source: 'Guide matrix: PostgreSQL (bulk / COPY)',
};

const pooler: CellSpec = {
  driver: 'psycopg',
  scheme: 'postgresql+psycopg://',
  poolClass: 'NullPool',
  poolLabel: 'NullPool + prepare_threshold=None',
  alternatives: 'asyncpg only with statement_cache_size=0, prepared_statement_cache_size=0, unique prepared statement names and NullPool',
  reasoning: [
    'In transaction mode PgBouncer may run each transaction on a different server connection, so named prepared statements break: "42P05 prepared statement … already exists" and "26000 prepared statement … does not exist".',
    'psycopg with connect_args prepare_threshold=None never prepares statements: the SQLAlchemy maintainer\'s recommendation behind PgBouncer (SQLAlchemy issues 6467, 10226, 12836).',
    'asyncpg works only with all of: connect_args statement_cache_size=0, prepared_statement_cache_size=0 in the URL, prepared_statement_name_func=lambda: f"__asyncpg_{uuid4()}__", and NullPool.',
    'NullPool: PgBouncer already pools the server connections; a second pool in every process only keeps PgBouncer client slots busy.',
  ],
  connectArgs: [{ key: 'prepare_threshold', python: 'None', where: 'connect_args' }],
  source: 'Poolscope row from facts.md (the guide\'s table has no pooler row)',
};

const mysqlCompat: CellSpec = {
  driver: 'aiomysql',
  scheme: 'mysql+aiomysql://',
  poolClass: 'default',
  poolLabel: 'default (AsyncAdaptedQueuePool) + pool_recycle',
  alternatives: 'aiomysql, or aiosqlite for fast tests (recycle below wait_timeout still applies)',
  reasoning: ['aiomysql is PyMySQL on asyncio, with a long track record: the guide\'s choice for MySQL 5.7 and for code already on aiomysql.', RECYCLE, CHARSET],
  connectArgs: [{ key: 'charset', python: 'utf8mb4', where: 'url' }],
  source: 'Guide matrix: MySQL 5.7 / 8.x (wide compat)',
};

const mysql8: CellSpec = {
  ...mysqlCompat,
  driver: 'asyncmy',
  scheme: 'mysql+asyncmy://',
  alternatives: 'asyncmy, or aiosqlite for fast tests (sha2_password auth)',
  reasoning: [
    'asyncmy (compiled with Cython) is the guide\'s choice for new projects on MySQL 8 and MariaDB 10.6+; aiomysql stays fine for code that already uses it.',
    'Both drivers implement caching_sha2_password (MySQL 8\'s default); without TLS its full authentication needs the Python cryptography package. Only asyncmy handles MariaDB\'s ed25519 (with PyNaCl).',
    RECYCLE,
    CHARSET,
  ],
  source: 'Guide matrix: MySQL 8 / MariaDB 10.6+',
};

const sqliteFile: CellSpec = {
  driver: 'aiosqlite',
  scheme: 'sqlite+aiosqlite:///',
  poolClass: 'default',
  poolLabel: 'default (AsyncAdaptedQueuePool)',
  alternatives: 'aiosqlite (same; single process only)',
  reasoning: [
    'aiosqlite runs the sqlite3 module on a background thread: fine for embedded, CLI and desktop use by one process.',
    'SQLite locks the whole database for each write: several writer processes queue behind each other (or fail with "database is locked").',
    'The guide\'s table says StaticPool here, and its own example contradicts itself; SQLAlchemy 2.0 gives a file database AsyncAdaptedQueuePool by default, which is what Poolscope recommends (StaticPool would make every concurrent session share one connection and one transaction).',
  ],
  connectArgs: [],
  source: 'Guide matrix: SQLite (file), corrected by facts.md',
};

const sqliteMemoryTest: CellSpec = {
  driver: 'aiosqlite',
  scheme: 'sqlite+aiosqlite://',
  poolClass: 'StaticPool',
  poolLabel: 'StaticPool (required)',
  alternatives: 'aiosqlite (preferred; fastest test set-up)',
  reasoning: [
    'Each new connection to an in-memory SQLite database is a new, empty database: with a queue pool, tables created on one connection are missing on the next ("no such table").',
    'StaticPool hands every session the same connection, so the schema and data stay visible; SQLAlchemy already picks StaticPool for sqlite+aiosqlite:// when poolclass is left out.',
    'The guide also passes check_same_thread=False; aiosqlite runs every call on its own thread, so it is harmless but not needed.',
  ],
  connectArgs: [],
  source: 'Guide matrix: SQLite (memory) — tests / CI only',
};

const sqliteMemoryProd: CellSpec = {
  ...sqliteMemoryTest,
  driver: null,
  poolLabel: 'not for production',
  alternatives: 'Use PostgreSQL or MySQL for a service; in-memory SQLite is for tests and CI',
  reasoning: ['An in-memory database disappears with the process and is private to it: the guide marks it "not for production".', ...sqliteMemoryTest.reasoning.slice(0, 1)],
};

const READ_MOSTLY = 'The guide has no separate read-mostly row: read-mostly services follow the OLTP row.';

function baseCell(kind: ServerKind, workload: Workload, env: EnvGroup): CellSpec {
  switch (kind) {
    case 'postgresql':
      if (workload === 'bulk') return env === 'production' ? pgBulk : { ...pgBulk, reasoning: [...pgBulk.reasoning, SQLITE_TEST] };
      return withNotes(env === 'production' ? pgOltp : { ...pgOltp, reasoning: [...pgOltp.reasoning, SQLITE_TEST] }, workload === 'read-mostly' ? [READ_MOSTLY] : []);
    case 'postgresql-pooler':
      return env === 'production' ? pooler : withNotes({ ...pooler, alternatives: `${pooler.alternatives}; test through the same pooler` }, ['Test through the same pooler: the prepared-statement failures only show behind it.']);
    case 'mysql-compat':
      return workload === 'read-mostly' ? withNotes(mysqlCompat, [READ_MOSTLY]) : mysqlCompat;
    case 'mysql8-mariadb':
      return workload === 'read-mostly' ? withNotes(mysql8, [READ_MOSTLY]) : mysql8;
    case 'sqlite-file':
      return sqliteFile;
    case 'sqlite-memory':
      return env === 'production' ? sqliteMemoryProd : sqliteMemoryTest;
  }
}

function withNotes(spec: CellSpec, notes: string[]): CellSpec {
  return notes.length ? { ...spec, reasoning: [...spec.reasoning, ...notes] } : spec;
}

export function matrixCell(kind: ServerKind, workload: Workload, environment: Environment | EnvGroup): MatrixCell {
  const envGroup: EnvGroup = environment === 'production' || environment === 'test' ? environment : envGroupOf(environment);
  return { kind, workload, envGroup, ...baseCell(kind, workload, envGroup) };
}

/** The key the UI uses for a cell (`postgresql:oltp:production`). */
export function cellKey(c: Pick<MatrixCell, 'kind' | 'workload' | 'envGroup'>): string {
  return `${c.kind}:${c.workload}:${c.envGroup}`;
}

export interface ServerKindDecision {
  kind: ServerKind;
  /** What the decision rests on, in words. */
  basis: string;
  detected: boolean;
}

/**
 * Which matrix row a connection belongs in. Measured facts win over the saved backend: a
 * `mysql://` profile that reaches MariaDB 10.11 lands on the MariaDB row, and PgBouncer in
 * transaction mode moves a PostgreSQL connection to the pooler row.
 */
export function serverKindOf(profile: { backend: Backend; database: string }, facts?: ServerFacts | null): ServerKindDecision {
  if (profile.backend === 'sqlite' || facts?.family === 'sqlite') {
    const memory = factBoolean(facts, 'in_memory') ?? isMemorySqliteProfile(profile);
    return { kind: memory ? 'sqlite-memory' : 'sqlite-file', basis: memory ? 'in-memory SQLite database' : 'SQLite database file', detected: true };
  }
  if (!facts) {
    const kind: ServerKind = profile.backend === 'postgresql' ? 'postgresql' : 'mysql8-mariadb';
    return { kind, basis: `not detected yet: assumed from the saved backend (${profile.backend})`, detected: false };
  }
  if (facts.family === 'postgresql') {
    const pooled = factBoolean(facts, 'pooler.present');
    const mode = factString(facts, 'pooler.pool_mode');
    if (pooled && mode !== 'session') {
      const what = factString(facts, 'pooler.product') ?? 'a connection pooler';
      return { kind: 'postgresql-pooler', basis: `${what} detected, pool_mode ${mode ?? 'not readable (assumed transaction)'}`, detected: true };
    }
    return { kind: 'postgresql', basis: pooled ? 'PostgreSQL behind a pooler in session mode' : `PostgreSQL ${facts.version}, no pooler detected`, detected: true };
  }
  const maria = facts.product === 'mariadb';
  const modern = maria ? versionAtLeast(facts.version, 10, 6) : versionAtLeast(facts.version, 8, 0);
  return {
    kind: modern ? 'mysql8-mariadb' : 'mysql-compat',
    basis: `${PRODUCT_LABELS[facts.product]} ${facts.version || '(version unknown)'} from VERSION()`,
    detected: true,
  };
}

export const MATRIX_WORKLOADS: Workload[] = ['oltp', 'bulk', 'read-mostly'];
