import { describe, expect, it } from 'vitest';
import { runSqlAlchemy, sqlalchemyMissing } from '../../test/sqlalchemy';
import { UrlError, parseConnectionString } from './url';

/**
 * URLs through the pinned SQLAlchemy 2.0 (make_url, then the dialect's create_connect_args: what
 * the driver is really handed) and through Poolscope's parser, compared case by case. Where
 * SQLAlchemy refuses, Poolscope refuses; where it accepts, the servers, user, password and database
 * agree. `refusedOnPurpose` marks the URLs SQLAlchemy accepts but reads as something other than
 * they look (Poolscope says so instead).
 */
interface Case {
  url: string;
  refusedOnPurpose?: string;
}

const CASES: Case[] = [
  { url: 'postgresql+asyncpg://app:pw@db.internal:5433/orders' },
  { url: 'postgresql+asyncpg://app@/orders?host=h1:5432&host=h2:5433' },
  { url: 'postgresql+psycopg://app@/orders?host=h1:5432&host=h2:5433' },
  { url: 'postgresql+asyncpg://app@/orders?host=h1,h2&port=5432,5433' },
  { url: 'postgresql+asyncpg://app@h1,h2/orders' },
  { url: 'postgresql+asyncpg://app@h1:5432,h2:5433/orders' },
  { url: 'postgresql+asyncpg://app@/orders?host=h1:5432&host=h2' },
  { url: 'postgresql+asyncpg://app@/orders?host=h1:5432&host=h2:x' },
  { url: 'postgresql+asyncpg://app@/orders?host=h1:5432&host=h2,h3' },
  { url: 'postgresql+asyncpg://app@h/orders?host=h2' },
  { url: 'postgresql+asyncpg://app@/orders?host=/var/run/postgresql' },
  { url: 'postgresql+asyncpg://app@[::1]:5432/orders' },
  { url: 'postgresql+psycopg://app:p%40ss@h/orders' },
  { url: 'postgresql+psycopg://app:p@ss@h/orders', refusedOnPurpose: 'the password ends at the first @; the rest becomes the host' },
  { url: 'postgresql+psycopg://app:p@ss@h:5432/orders', refusedOnPurpose: 'the password ends at the first @; the rest becomes the host' },
  { url: 'mysql+aiomysql://app:p%40ss@db:3307/shop' },
  { url: 'mysql+aiomysql://app@db/shop?charset=utf8mb4' },
  { url: 'postgresql+asyncpg://app@db:99999/orders', refusedOnPurpose: 'SQLAlchemy keeps port 99999; no TCP port is above 65535, so the driver fails later' },
  { url: 'postgresql+asyncpg://app@db:54x/orders' },
];

interface SaResult {
  error?: string;
  user?: string | null;
  password?: string | null;
  database?: string | null;
  servers?: string[];
}

const SCRIPT = String.raw`
from sqlalchemy.engine import make_url
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.dialects.postgresql.psycopg import PGDialectAsync_psycopg
from sqlalchemy.dialects.mysql.aiomysql import MySQLDialect_aiomysql
DIALECTS = {"postgresql+asyncpg": PGDialect_asyncpg, "postgresql+psycopg": PGDialectAsync_psycopg, "mysql+aiomysql": MySQLDialect_aiomysql}
def as_list(v):
    if v is None: return []
    if isinstance(v, (list, tuple)): return [str(x) for x in v]
    return str(v).split(",")
out = []
for u in data:
    try:
        url = make_url(u)
        d = DIALECTS[url.drivername]()
        _, kw = d.create_connect_args(url)
        hosts = as_list(kw.get("host"))
        ports = as_list(kw.get("port"))
        if len(ports) == 1 and len(hosts) > 1: ports = ports * len(hosts)
        servers = [h + (":" + ports[i] if i < len(ports) else "") for i, h in enumerate(hosts)]
        out.append({"user": url.username, "password": url.password, "database": url.database, "servers": servers})
    except Exception as e:
        out.append({"error": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`;

describe.skipIf(sqlalchemyMissing())('URL parsing against SQLAlchemy 2.0 make_url and the dialects', () => {
  const results = sqlalchemyMissing() ? [] : runSqlAlchemy<SaResult[]>(SCRIPT, CASES.map((c) => c.url));

  it.each(CASES.map((c, i) => [c.url, c, i] as const))('%s', (_u, c, i) => {
    const sa = results[i]!;
    let ours: ReturnType<typeof parseConnectionString> | UrlError;
    try {
      ours = parseConnectionString(c.url);
    } catch (err) {
      if (!(err instanceof UrlError)) throw err;
      ours = err;
    }
    if (sa.error) {
      expect(ours, `SQLAlchemy refuses (${sa.error}); Poolscope must too`).toBeInstanceOf(UrlError);
      return;
    }
    if (c.refusedOnPurpose) {
      expect(ours, c.refusedOnPurpose).toBeInstanceOf(UrlError);
      return;
    }
    expect(ours, `SQLAlchemy accepts it: ${JSON.stringify(sa)}`).not.toBeInstanceOf(UrlError);
    const p = ours as ReturnType<typeof parseConnectionString>;
    expect(p.user ?? null).toBe(sa.user ?? null);
    expect(p.password ?? null).toBe(sa.password ?? null);
    expect(p.database || null).toBe(sa.database ?? null);
    const servers = p.hosts ?? (p.socket ? [p.socket] : p.host !== undefined ? [p.port !== undefined ? `${p.host}:${p.port}` : p.host] : []);
    expect(servers).toEqual(sa.servers);
  });
});
