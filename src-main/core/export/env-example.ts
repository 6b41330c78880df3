import { BACKEND_INFO, PY_DRIVER_INFO, familyOf } from '../../shared/backends';
import { PASSWORD_PLACEHOLDER, type ExportFile } from '../../shared/export/bundle';
import type { Environment, ProfileData } from '../../shared/profile';
import { formatUrl } from '../../shared/url';
import { urlProfileFor } from '../advice/driver';
import { comments, fileText, provenance, type ExportContext } from './context';

type EnvId = 'local' | 'ci' | 'production';

const ENVS: Array<{ id: EnvId; title: string; host: string; sqlite: string }> = [
  { id: 'local', title: 'local: your machine', host: '127.0.0.1', sqlite: './app.db' },
  { id: 'ci', title: 'CI: the test job', host: '127.0.0.1', sqlite: ':memory:' },
  { id: 'production', title: "production (and staging): set it in the deployment's secret store, not in a file", host: 'PRODUCTION_HOST', sqlite: '/var/lib/app/app.db' },
];

function envOf(e: Environment): EnvId {
  return e === 'production' || e === 'staging' ? 'production' : e === 'test' ? 'ci' : 'local';
}

/** The profile moved to another environment: same database, user and options, another place. */
function elsewhere(p: ProfileData, env: (typeof ENVS)[number]): ProfileData {
  if (p.backend === 'sqlite') return { ...p, database: env.sqlite };
  const { socket: _s, ...rest } = p;
  return { ...rest, host: env.host };
}

/**
 * .env.example: DATABASE_URL for local, CI and production with the recommended scheme and URL
 * arguments (charset=utf8mb4, prepared_statement_cache_size=0 …) and a placeholder where the
 * password goes. The saved connection's own environment is the live line; the others are
 * commented templates.
 */
export function envExample(ctx: ExportContext): ExportFile {
  const node = ctx.target === 'node';
  const asks = ctx.profile.passwordMode !== 'none' && !!ctx.profile.user;
  const url = (p: ProfileData): string => {
    // Secret parameters (sslpassword …) get the same placeholder as the password: their values never leave the secret store.
    const password = { ...(asks ? { password: PASSWORD_PLACEHOLDER } : {}), mask: PASSWORD_PLACEHOLDER };
    if (!node) return formatUrl(urlProfileFor(p, ctx.rec.connectArgs, ctx.rec.driver.value), { driver: ctx.rec.driver.value, ...password });
    // The Node drivers read plain URLs; mysql2 knows no mariadb:// scheme and SQLAlchemy's URL arguments mean nothing to them.
    const { secretParams: _s, ...options } = p.options;
    const plain: ProfileData = { ...p, backend: familyOf(p.backend) === 'mysql' ? 'mysql' : p.backend, options: { ...options, params: {} } };
    return formatUrl(plain, { driver: null, ...password });
  };
  const own = envOf(ctx.profile.service.environment);
  const urlArgs = node ? [] : ctx.rec.connectArgs.filter((a) => a.where === 'url');
  // Secrets the code reads from variables of their own (the client key's passphrase for an SSLContext).
  const secretVars = node ? [] : [...new Set(ctx.rec.connectArgs.flatMap((a) => a.env ?? []))];
  const inUrl = node ? [] : (urlProfileFor(ctx.profile, ctx.rec.connectArgs, ctx.rec.driver.value).options.secretParams ?? []);
  const secrets = [...(asks ? ['password'] : []), ...inUrl, ...secretVars];
  const header = [
    ...provenance(ctx, '.env.example: the database URL per environment'),
    inUrl.length || secretVars.length
      ? `Copy to .env and replace each ${PASSWORD_PLACEHOLDER} with the real ${secrets.join(', ')}; never commit the real .env.`
      : asks
        ? `Copy to .env and replace ${PASSWORD_PLACEHOLDER} with the password; never commit the real .env.`
        : 'Copy to .env; never commit the real .env.',
    node ? 'Plain driver URLs for node/pool.ts (pg and mysql2 read these).' : ctx.rec.url.reason,
    ...urlArgs.map((a) => `${a.key}=${a.python}: ${a.reason}`),
    `The live line is the one for "${ctx.profile.service.environment}", where this connection runs; the others are templates.`,
  ];
  const lines = comments('#', header);
  for (const env of ENVS) {
    const p = env.id === own ? ctx.profile : elsewhere(ctx.profile, env);
    lines.push('', `# ${env.title}`, `${env.id === own ? '' : '# '}DATABASE_URL=${url(p)}`);
    if (env.id === 'ci' && !node) lines.push(...testUrl(ctx, own === 'ci' ? ctx.profile : p, url));
  }
  if (secretVars.length) {
    lines.push('', `# The client key's passphrase: db.py hands it to ssl_context.load_cert_chain (${PY_DRIVER_INFO[ctx.rec.driver.value].label} takes it only inside an SSLContext, not from the URL).`);
    for (const v of secretVars) lines.push(`${v}=${PASSWORD_PLACEHOLDER}`);
  }
  return { path: '.env.example', summary: 'DATABASE_URL for local, CI and production, with a password placeholder', content: fileText(lines) };
}

function testUrl(ctx: ExportContext, ci: ProfileData, url: (p: ProfileData) => string): string[] {
  if (ctx.testSetup.kind === 'sqlite-memory') return ['# tests/conftest.py uses an in-memory database unless TEST_DATABASE_URL says otherwise:', '# TEST_DATABASE_URL=sqlite+aiosqlite://'];
  const db = ci.database || BACKEND_INFO[ci.backend].defaultDatabase || 'app';
  return ['# tests/conftest.py: a database for tests only (each test is rolled back, but tables are created there)', `TEST_DATABASE_URL=${url({ ...ci, database: `${db}_test` })}`];
}
