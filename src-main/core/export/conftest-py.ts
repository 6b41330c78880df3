import { engineParts, sortImports } from '../../shared/engine-snippet';
import type { ExportFile } from '../../shared/export/bundle';
import { parseProfile } from '../../shared/profile';
import { recommend } from '../advice/recommend';
import { comments, fileText, provenance, type ExportContext } from './context';

/**
 * The engine the tests use. In-memory SQLite gets the engine's own advice for such a database
 * (StaticPool, with its reason); a real backend gets exactly the engine of db.py, on
 * TEST_DATABASE_URL, so the tests exercise the settings the service ships with.
 */
function testEngine(ctx: ExportContext) {
  if (ctx.testSetup.kind === 'real-backend') return engineParts(ctx.rec, { urlVariable: 'TEST_DATABASE_URL', asyncioNames: ['AsyncSession'] });
  const memory = parseProfile({ name: ctx.label, backend: 'sqlite', database: ':memory:', service: { environment: 'test', workload: ctx.profile.service.workload }, pool: { poolClass: 'StaticPool' } });
  return engineParts(recommend(memory, null), { urlVariable: 'TEST_DATABASE_URL', asyncioNames: ['AsyncSession'] });
}

const SESSION_LOOP = [
  '',
  '',
  'def pytest_collection_modifyitems(items):',
  "    # Every async test runs in the one session-wide event loop the engine's connections belong to",
  '    # (pytest-asyncio 0.24+; the old custom event_loop fixture is deprecated and removed in 1.0).',
  '    session_loop = pytest.mark.asyncio(loop_scope="session")',
  '    for item in items:',
  '        if is_async_test(item):',
  '            item.add_marker(session_loop, append=False)',
];

/** The session-wide engine fixture; `setUp` runs before the first test. */
const engineFixture = (setUp: string[]) => ['@pytest_asyncio.fixture(scope="session", loop_scope="session")', 'async def db_engine():', ...setUp, '    yield engine', '    await engine.dispose()', '', '', '@pytest_asyncio.fixture(loop_scope="session")', 'async def db_session(db_engine):'];

const MEMORY_FIXTURES = [
  ...engineFixture([]),
  '    # A fresh schema for each test: StaticPool keeps one in-memory database for the whole run.',
  '    async with db_engine.begin() as conn:',
  '        await conn.run_sync(Base.metadata.create_all)',
  '    async with AsyncSession(db_engine, expire_on_commit=False) as session:',
  '        yield session',
  '    async with db_engine.begin() as conn:',
  '        await conn.run_sync(Base.metadata.drop_all)',
];

const BACKEND_FIXTURES = [
  ...engineFixture(['    # Tables are created once when missing and left in place for the next run.', '    async with engine.begin() as conn:', '        await conn.run_sync(Base.metadata.create_all)']),
  '    # Each test runs inside one outer transaction, rolled back at the end; a commit in the code',
  '    # under test only releases a SAVEPOINT (join_transaction_mode="create_savepoint").',
  '    async with db_engine.connect() as conn:',
  '        outer = await conn.begin()',
  '        async with AsyncSession(bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint") as session:',
  '            yield session',
  '        await outer.rollback()',
];

/** tests/conftest.py: pytest-asyncio fixtures for the test set-up the matrix recommends. */
export function conftestPy(ctx: ExportContext): ExportFile {
  const { imports, body } = testEngine(ctx);
  const memory = ctx.testSetup.kind === 'sqlite-memory';
  const own = ['import pytest', 'import pytest_asyncio', 'from pytest_asyncio import is_async_test'];
  const base = ctx.models
    ? ['', '# db.py and models.py sit one folder up: make them importable whatever pytest\'s rootdir is.', 'sys.path.insert(0, str(Path(__file__).resolve().parents[1]))', 'from models import Base  # noqa: E402']
    : ['', '', 'class Base(DeclarativeBase):', '    """Stand-in: import your models\' Base instead, so their tables exist in each test."""'];
  const modelImports = ctx.models ? ['import sys', 'from pathlib import Path'] : ['from sqlalchemy.orm import DeclarativeBase'];
  return {
    path: 'tests/conftest.py',
    summary: memory ? 'pytest-asyncio fixtures: in-memory aiosqlite with StaticPool, a fresh schema per test' : 'pytest-asyncio fixtures: the real server, each test in a rolled-back transaction',
    content: fileText([
      ...comments('#', [...provenance(ctx, 'tests/conftest.py: pytest-asyncio fixtures'), `Test set-up: ${ctx.testSetup.reason}.`, 'Needs requirements-test.txt (pytest-asyncio 0.24 or later). Use the db_session fixture in your tests.']),
      ...sortImports([...imports, ...own, ...modelImports]),
      ...base,
      '',
      ...(memory ? ['# Tests default to an in-memory database; set TEST_DATABASE_URL to test elsewhere.', 'os.environ.setdefault("TEST_DATABASE_URL", "sqlite+aiosqlite://")', ''] : []),
      ...body,
      ...SESSION_LOOP,
      '',
      '',
      ...(memory ? MEMORY_FIXTURES : BACKEND_FIXTURES),
    ]),
  };
}

/** tests/test_database.py: one test through the fixtures, so the set-up is proven on the first run. */
export function testDatabasePy(ctx: ExportContext): ExportFile {
  return {
    path: 'tests/test_database.py',
    summary: 'a first test through the db_session fixture (SELECT 1)',
    content: fileText([
      ...comments('#', [...provenance(ctx, 'tests/test_database.py: a first test through conftest.py'), 'Keep it as a smoke test or replace it with your own.']),
      'import pytest',
      'from sqlalchemy import text',
      '',
      '',
      '@pytest.mark.asyncio',
      'async def test_database_answers(db_session):',
      '    assert (await db_session.execute(text("SELECT 1"))).scalar_one() == 1',
    ]),
  };
}
