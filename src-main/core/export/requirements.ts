import { PY_DRIVER_INFO } from '../../shared/backends';
import type { ExportFile } from '../../shared/export/bundle';
import { factString } from '../../shared/facts';
import { comments, fileText, provenance, type ExportContext } from './context';

/** The SQLAlchemy line: the asyncio extra brings greenlet, which create_async_engine needs. */
const SQLALCHEMY = 'SQLAlchemy[asyncio]>=2.0,<2.1';

/** Extra packages the measured login needs, with why (the account's authentication plugin). */
function authExtras(ctx: ExportContext): string[] {
  if (ctx.rec.driver.value !== 'aiomysql' && ctx.rec.driver.value !== 'asyncmy') return [];
  const plugin = factString(ctx.facts, 'auth_plugin');
  if (plugin === 'caching_sha2_password' || plugin === 'sha256_password') {
    return [`# ${plugin} measured for this account: its full authentication without TLS needs RSA from the cryptography package`, 'cryptography'];
  }
  if (plugin === 'client_ed25519' && ctx.rec.driver.value === 'asyncmy') return ['# client_ed25519 measured for this account: asyncmy signs with PyNaCl', 'PyNaCl'];
  return [];
}

/** requirements.txt: SQLAlchemy with asyncio support and the driver the engine uses. */
export function requirementsTxt(ctx: ExportContext): ExportFile {
  const driver = PY_DRIVER_INFO[ctx.rec.driver.value];
  return {
    path: 'requirements.txt',
    summary: `SQLAlchemy 2.0 with asyncio support and ${driver.label}`,
    content: fileText([
      ...comments('#', [...provenance(ctx, 'requirements.txt: what db.py needs'), 'Pin the exact versions you test with (pip freeze) before you deploy.']),
      '# 2.0: the version the advice in db.py was checked against; [asyncio] installs greenlet',
      SQLALCHEMY,
      `# ${driver.label}: ${ctx.rec.driver.reason}`,
      driver.requirement,
      ...authExtras(ctx),
    ]),
  };
}

/** requirements-test.txt: pytest and pytest-asyncio for tests/conftest.py (the driver comes with requirements.txt). */
export function requirementsTestTxt(ctx: ExportContext): ExportFile {
  return {
    path: 'requirements-test.txt',
    summary: 'pytest and pytest-asyncio for tests/conftest.py',
    content: fileText([
      ...comments('#', provenance(ctx, 'requirements-test.txt: what tests/conftest.py needs')),
      '-r requirements.txt',
      'pytest>=8',
      '# 0.24 or later: conftest.py gives fixtures and tests one session-wide event loop with loop_scope=',
      'pytest-asyncio>=0.24',
    ]),
  };
}
